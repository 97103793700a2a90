package io.plumbline.monitor.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.alert.AlertPolicy;
import io.plumbline.monitor.drift.DriftAnalyzer;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.drift.DriftReport;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.testing.Samples;
import io.plumbline.monitor.testing.TestMonitors;
import io.plumbline.monitor.window.DriftWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The live page's holder: the latest window per (model, version) by end time, its counts copied so the
 * Kafka monitor may reuse its scratch window, ordered by model then version, and forgotten per model.
 * Expected counts are the values the test put in, counted by hand.
 */
class LatestWindowsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    // Reference 0..99 in 4 equal-mass bins: edges near 25, 50, 75.
    private static final ReferenceProfile PROFILE = Samples.profile(range(100), 4);

    private static double[] range(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    /** A window of {@code values} (one row each), closed at T0 + {@code minute} minutes. */
    private static WindowResult closed(String model, String version, int minute, double... values) {
        DriftWindow w = new DriftWindow(PROFILE);
        for (double v : values) {
            w.numeric("x").add(v);
        }
        w.addRows(values.length);
        DriftReport report = new DriftAnalyzer(DriftSettings.defaults()).analyze(w);
        Instant end = T0.plus(Duration.ofMinutes(minute));
        return new WindowResult(model, version, end.minus(Duration.ofMinutes(1)), end, report, w);
    }

    @Test
    void keepsTheLatestByEnd_andCopiesTheCounts() {
        LatestWindows latest = new LatestWindows();
        WindowResult first = closed("weather", "1", 1, 10, 20, 30);
        latest.accept(first);
        // The Kafka monitor resets and refills its scratch window for the next window.
        first.counts().reset();
        first.counts().numeric("x").add(90);
        WindowResult kept = latest.get("weather", "1").orElseThrow();
        assertEquals(3, kept.counts().rows());
        assertEquals(3, kept.counts().numeric("x").count());
        assertEquals(first.end(), kept.end());
        assertSame(first.report(), kept.report());

        latest.accept(closed("weather", "1", 3, 1, 2, 3, 4));
        // An older window (re-closed after an aborted transaction) does not bring back the old picture.
        latest.accept(closed("weather", "1", 2, 5));
        latest.accept(closed("weather", "1", 3, 6));
        kept = latest.get("weather", "1").orElseThrow();
        assertEquals(T0.plus(Duration.ofMinutes(3)), kept.end());
        assertEquals(4, kept.counts().rows());
    }

    @Test
    void all_byModelThenVersion_andRemoveForgetsEveryVersionOfAModel() {
        LatestWindows latest = new LatestWindows();
        latest.accept(closed("weather", "2", 1, 1));
        latest.accept(closed("fraud", "1", 1, 1));
        latest.accept(closed("weather", "1", 1, 1));
        assertEquals(List.of("fraud:1", "weather:1", "weather:2"),
                latest.all().stream().map(r -> r.model() + ":" + r.version()).toList());
        latest.remove("weather");
        assertEquals(List.of("fraud:1"), latest.all().stream().map(r -> r.model() + ":" + r.version()).toList());
        assertTrue(latest.get("weather", "2").isEmpty());
    }

    @Test
    void theHandlerKeepsEveryWindowItHandles() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (var webhooks = TestMonitors.dispatcher(registry, List.of())) {
            MonitorCore core = TestMonitors.core(registry, new WindowSpec(Duration.ofMinutes(1), Duration.ZERO),
                    AlertPolicy.defaults(), webhooks);
            WindowResult r = closed("weather", "1", 1, 10, 60);
            core.handler().handle(r, (model, feature, verdict, at) -> false);
            assertEquals(2, core.handler().latest().get("weather", "1").orElseThrow().counts().rows());
        }
    }
}
