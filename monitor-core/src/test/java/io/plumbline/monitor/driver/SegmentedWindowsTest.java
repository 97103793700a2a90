package io.plumbline.monitor.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.FeedbackRecord;
import io.plumbline.events.PredictionEvent;
import io.plumbline.events.TensorLimits;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.LabelInfo;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.events.profile.SegmentSpec;
import io.plumbline.monitor.alert.AlertPolicy;
import io.plumbline.monitor.alert.AlertTracker;
import io.plumbline.monitor.drift.FeatureDrift;
import io.plumbline.monitor.drift.MethodResult;
import io.plumbline.monitor.feedback.FeedbackJoin;
import io.plumbline.monitor.feedback.MemoryJoinStore;
import io.plumbline.monitor.profile.ProfileBuilder;
import io.plumbline.monitor.profile.ProfileOptions;
import io.plumbline.monitor.result.WindowResult;
import io.plumbline.monitor.result.WindowSpec;
import io.plumbline.monitor.testing.DriftTraffic;
import io.plumbline.monitor.testing.TestMonitors;
import io.plumbline.monitor.webhook.WebhookDispatcher;
import io.plumbline.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Segments: each row counted into the whole traffic's window and one window per declaration (a
 * categorical feature's top reference categories, a request parameter's declared values, the rest in
 * {@code other}); a segment's drift equal to that of the whole-traffic analysis of only its rows; its
 * realised performance from the labels of its rows only; its gauges in their own family, and no alert
 * or live-page window for it. Every expected count and error below is worked out by hand from the
 * rows listed in {@link #traffic}.
 */
class SegmentedWindowsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final WindowSpec SPEC = new WindowSpec(Duration.ofMinutes(1), Duration.ofSeconds(10));
    private static final List<SegmentSpec> SEGMENTS = List.of(new SegmentSpec("region", null, null, 2),
            new SegmentSpec(null, "tenant", List.of("acme"), null));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WebhookDispatcher webhooks = TestMonitors.dispatcher(registry, List.of());
    private final MonitorCore core = TestMonitors.core(registry, SPEC, AlertPolicy.defaults(), webhooks);
    private final AlertTracker alerts = new AlertTracker(core.alerts(), Clock.fixed(T0, ZoneOffset.UTC));
    private final Map<String, byte[]> profiles = new HashMap<>();
    private final List<WindowResult> published = new ArrayList<>();

    @AfterEach
    void close() {
        webhooks.close();
    }

    /**
     * Reference: x uniform on [0, 1) (1,000 rows), region north 500, south 300, east 150, west 50 (so
     * {@code top: 2} makes north and south segments), and a regressor output y labelled by y_true.
     */
    private static ReferenceProfile profile(List<SegmentSpec> segments) {
        ProfileBuilder b = new ProfileBuilder(ProfileOptions.defaults().withBins(10))
                .numeric("x", FeatureRole.INPUT).categorical("region", FeatureRole.INPUT)
                .numeric("y", FeatureRole.OUTPUT);
        String[] regions = {"north", "south", "east", "west"};
        int[] counts = {500, 300, 150, 50};
        int row = 0;
        for (int k = 0; k < regions.length; k++) {
            for (int i = 0; i < counts[k]; i++, row++) {
                b.add("x", row / 1000.0);
                b.add("region", regions[k]);
                b.add("y", row / 1000.0);
            }
        }
        b.addRows(1000);
        return b.build().withLabel(new LabelInfo("y_true", List.of()), null).withSegments(segments);
    }

    private record Row(double x, String region) {
    }

    private static PredictionEvent event(String id, String tenant, Row... rows) {
        float[] x = new float[rows.length];
        byte[][] region = new byte[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            x[r] = (float) rows[r].x();
            region[r] = rows[r].region().getBytes(StandardCharsets.UTF_8);
        }
        long[] shape = {rows.length, 1};
        Map<String, Object> parameters = tenant == null ? Map.of() : Map.of("tenant", tenant);
        return PredictionEvent.of("m", "1", id, T0.plusSeconds(5), 1_000, parameters,
                List.of(Tensor.ofFloats("x", shape, x), Tensor.ofStrings("region", shape, region)),
                List.of(Tensor.ofFloats("y", shape, x)), TensorLimits.DEFAULT);
    }

    /**
     * Three requests in one window. By hand: region north = a0, b0, b1 (3 rows); south = a1, c1 (2);
     * other = a2 east, c0 west (2); tenant acme = a (3); tenant other = b, c (4, c has no tenant).
     */
    private static List<PredictionEvent> traffic() {
        return List.of(
                event("a", "acme", new Row(0.1, "north"), new Row(0.2, "south"), new Row(0.3, "east")),
                event("b", "globex", new Row(0.4, "north"), new Row(0.5, "north")),
                event("c", null, new Row(0.6, "west"), new Row(0.7, "south")));
    }

    private WindowDriver driver(WindowStorage storage, PredictionListener listener) {
        return new WindowDriver(core, SPEC, new ProfileCache(profiles::get), storage, r -> {
            published.add(r);
            core.handler().handle(r, alerts::observe);
        }, listener);
    }

    private Map<String, WindowResult> bySegment() {
        Map<String, WindowResult> out = new TreeMap<>();
        for (WindowResult r : published) {
            out.put(r.segment(), r);
        }
        assertEquals(published.size(), out.size(), "one result per segment: " + published);
        return out;
    }

    @Test
    void rowsAreCountedIntoTheirSegments_boundedByTopAndDeclaredValues_andSurviveARestart() {
        profiles.put("m:1", DriftTraffic.profileJson(profile(SEGMENTS)));
        MapStorage storage = new MapStorage();
        WindowDriver first = driver(storage, (o, out, s) -> { });
        long at = T0.plusSeconds(5).toEpochMilli();
        for (PredictionEvent e : traffic()) {
            first.count(e, at, at);
        }
        assertEquals(1 + 3 + 2, storage.bytes.size(), "whole traffic, region north/south/other, tenant acme/other");

        // As after a crash: a new driver finds the segments' windows in storage and closes them.
        WindowDriver second = driver(storage, (o, out, s) -> { });
        second.restore();
        second.closeDue(T0.plusSeconds(70).toEpochMilli());

        Map<String, WindowResult> results = bySegment();
        Map<String, Long> rows = new TreeMap<>();
        results.forEach((segment, r) -> rows.put(segment, r.report().rows()));
        assertEquals(Map.of("", 7L, "region=north", 3L, "region=south", 2L, "region=other", 2L,
                "tenant=acme", 3L, "tenant=other", 4L), rows);
    }

    @Test
    void aSegmentsDriftIsTheWholeTrafficAnalysisOfOnlyItsRows() {
        profiles.put("m:1", DriftTraffic.profileJson(profile(SEGMENTS)));
        WindowDriver segmented = driver(WindowStorage.NONE, (o, out, s) -> { });
        long at = T0.plusSeconds(5).toEpochMilli();
        for (PredictionEvent e : traffic()) {
            segmented.count(e, at, at);
        }
        segmented.closeDue(T0.plusSeconds(70).toEpochMilli());
        WindowResult north = bySegment().get("region=north");

        // The independent path: a model without segments sent only the north rows.
        profiles.put("n:1", DriftTraffic.profileJson(profile(List.of())));
        published.clear();
        WindowDriver plain = driver(WindowStorage.NONE, (o, out, s) -> { });
        PredictionEvent only = event("n", null, new Row(0.1, "north"), new Row(0.4, "north"), new Row(0.5, "north"));
        plain.count(new PredictionEvent("n", "1", "n", only.timestamp(), 1, Map.of(), only.inputs(), only.outputs()),
                at, at);
        plain.closeDue(T0.plusSeconds(70).toEpochMilli());
        WindowResult expected = published.get(0);

        assertEquals(expected.report().rows(), north.report().rows());
        for (FeatureDrift f : expected.report().features()) {
            FeatureDrift g = north.report().features().stream().filter(x -> x.feature().equals(f.feature()))
                    .findFirst().orElseThrow();
            assertEquals(f.verdict(), g.verdict(), f.feature());
            for (int i = 0; i < f.results().size(); i++) {
                MethodResult a = f.results().get(i);
                MethodResult b = g.results().get(i);
                assertEquals(a.statistic(), b.statistic(), f.feature() + " " + a.method());
                assertEquals(a.pValue(), b.pValue(), f.feature() + " " + a.method());
            }
        }
    }

    @Test
    void labelsAreScoredInTheirRowsSegments_andSegmentsSetOnlyTheirOwnGauges() {
        profiles.put("m:1", DriftTraffic.profileJson(profile(SEGMENTS)));
        long at = T0.plusSeconds(5).toEpochMilli();
        WindowDriver[] driver = new WindowDriver[1];
        FeedbackJoin join = new FeedbackJoin(Duration.ofDays(7), new MemoryJoinStore(100), core.feedback(),
                m -> driver[0].score(m, at));
        driver[0] = driver(WindowStorage.NONE, join::prediction);
        for (PredictionEvent e : traffic()) {
            driver[0].count(e, at, at);
        }
        // Truths for a#0 (north, acme: predicted 0.1, true 0.3), b#1 (north, globex: 0.5 vs 0.4) and c#0
        // (west, no tenant: 0.6 vs 1.0). Errors: |0.1-0.3| = 0.2, |0.5-0.4| = 0.1, |0.6-1.0| = 0.4.
        join.feedback(FeedbackRecord.ofTarget("m", "", "a#0", 0.3, T0), at);
        join.feedback(FeedbackRecord.ofTarget("m", "", "b#1", 0.4, T0), at);
        join.feedback(FeedbackRecord.ofTarget("m", "", "c#0", 1.0, T0), at);
        driver[0].closeDue(T0.plusSeconds(70).toEpochMilli());

        Map<String, WindowResult> results = bySegment();
        // The predictions went out as FP32, so the errors carry float rounding: 1e-6 is far below a digit.
        assertMae(results.get(""), 3, (0.2 + 0.1 + 0.4) / 3);
        assertMae(results.get("region=north"), 2, (0.2 + 0.1) / 2);
        assertMae(results.get("region=other"), 1, 0.4);
        assertEquals(0, results.get("region=south").counts().performance().labelled());
        assertMae(results.get("tenant=acme"), 1, 0.2);
        assertMae(results.get("tenant=other"), 2, (0.1 + 0.4) / 2);

        assertEquals(7, gauge("drift.window.events", null), "the whole traffic's gauge has no segment tag");
        assertEquals(3, gauge("drift.segment.window.events", "region=north"));
        assertEquals(4, gauge("drift.segment.window.events", "tenant=other"));
        assertNull(registry.find("drift.window.events").tag("segment", "region=north").gauge(),
                "a segment does not add series to the whole traffic's family");
        assertEquals(0.2, registry.find("model.segment.performance").tags("segment", "tenant=acme", "metric", "mae")
                .gauge().value(), 1e-6);
        assertEquals(List.of(""), core.handler().latest().all().stream().map(WindowResult::segment).toList(),
                "the live page keeps the whole traffic's window only");
    }

    private static void assertMae(WindowResult r, long labelled, double mae) {
        assertEquals(labelled, r.counts().performance().labelled(), r.segment());
        assertEquals(mae, r.counts().performance().regressor().mae(), 1e-6, r.segment());
    }

    private double gauge(String name, String segment) {
        Gauge g = segment == null
                ? registry.find(name).tag("model", "m").gauges().stream()
                        .filter(x -> x.getId().getTag("segment") == null).findFirst().orElse(null)
                : registry.find(name).tags("model", "m", "segment", segment).gauge();
        assertTrue(g != null, name + " " + segment);
        return g.value();
    }
}
