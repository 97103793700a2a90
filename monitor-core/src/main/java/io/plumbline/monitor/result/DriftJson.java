package io.plumbline.monitor.result;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.monitor.drift.DriftReport;
import io.plumbline.monitor.drift.FeatureDrift;
import io.plumbline.monitor.drift.MethodResult;
import io.plumbline.monitor.quality.WindowPerformance;
import io.plumbline.monitor.trace.TraceSample;
import io.plumbline.monitor.window.DriftWindow;
import io.plumbline.monitor.window.FeatureWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * JSON of drift results: the record written to {@code plumbline.drift} per closed window, and the
 * per-feature objects that webhook payloads reuse. Numbers that could not be computed (NaN) are written
 * as {@code null} and infinities as the strings {@code "Infinity"} / {@code "-Infinity"}. The feature objects
 * are the same as in the offline report's JSON, so one reader handles all three. Thread-safe.
 */
public final class DriftJson {
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * The JSON report of one analysed window, added to {@code root} after whatever the caller put first:
     * what {@code report --format json} prints and what the HTML pages (offline and live) read.
     *
     * @param problems why the report is incomplete (none: complete)
     * @param pValues which p-values were corrected ({@link PValueNote})
     * @param exitCode the CLI's exit code, or null where there is none (the live page)
     */
    public ObjectNode report(ObjectNode root, DriftReport report, InputNotes input, List<String> problems,
            String pValues, Integer exitCode) {
        return report(root, report, null, input, problems, pValues, exitCode);
    }

    /**
     * As {@link #report(ObjectNode, DriftReport, InputNotes, List, String, Integer)}, with each feature's
     * data-quality counts from {@code window} (the counts the report was computed from; null: none).
     */
    public ObjectNode report(ObjectNode root, DriftReport report, DriftWindow window, InputNotes input,
            List<String> problems, String pValues, Integer exitCode) {
        root.put("rows", report.rows());
        root.put("alpha", report.alpha());
        root.put("correction", report.correction().name().toLowerCase(Locale.ROOT));
        root.put("drift", report.anyDrift());
        root.putPOJO("driftedFeatures", report.driftedFeatures());
        root.putPOJO("ignoredColumns", input.ignoredColumns());
        root.putPOJO("unselectedColumns", input.unselectedColumns());
        root.putPOJO("absentFeatures", input.absentFeatures());
        root.put("malformedRows", input.malformedRows());
        root.put("complete", problems.isEmpty());
        root.putPOJO("incomplete", List.copyOf(problems));
        root.put("pValues", pValues);
        if (exitCode != null) {
            root.put("exitCode", exitCode.intValue());
        }
        root.set("features", features(report.features(), window));
        return root;
    }

    /** The {@code plumbline.drift} record of a window. */
    public byte[] record(WindowResult r) {
        ObjectNode root = mapper.createObjectNode();
        root.put("model", r.model());
        root.put("version", r.version());
        if (r.segmented()) {
            root.put("segment", r.segment());
        }
        root.set("window", window(r));
        root.put("drift", r.report().anyDrift());
        root.set("features", features(r.report().features(), r.counts()));
        PerformanceJson.write(root.putObject("performance"), r.counts().performance());
        trace(root, r.counts());
        return bytes(root);
    }

    /**
     * Adds {@code trace} to {@code root} when any event of the window was traced: the example event's (the
     * first sampled one, else the first) {@code traceId}, {@code traceparent}, {@code tracestate} (when it
     * had one) and {@code requestId}, and {@code tracedEvents}, how many of the window's events were traced.
     * Absent otherwise.
     */
    public void trace(ObjectNode root, DriftWindow window) {
        TraceSample t = window.trace();
        if (t.isEmpty()) {
            return;
        }
        ObjectNode node = root.putObject("trace");
        node.put("traceId", t.example().traceId());
        node.put("traceparent", t.example().traceparent());
        if (!t.example().tracestate().isEmpty()) {
            node.put("tracestate", t.example().tracestate());
        }
        node.put("requestId", t.requestId());
        node.put("tracedEvents", t.traced());
    }

    /** The {@code plumbline.performance} record of a window: model, version, window and its performance. */
    public byte[] performanceRecord(WindowResult r) {
        ObjectNode root = mapper.createObjectNode();
        root.put("model", r.model());
        root.put("version", r.version());
        if (r.segmented()) {
            root.put("segment", r.segment());
        }
        root.set("window", window(r));
        PerformanceJson.write(root.putObject("performance"), r.counts().performance());
        return bytes(root);
    }

    /**
     * A window's {@code performance} object, as in the {@code plumbline.drift} record: predictions, labelled,
     * unscorable, realised and (with a calibration map) estimated metrics. {@code report --format json} writes it too.
     */
    public ObjectNode performance(ObjectNode node, WindowPerformance p) {
        PerformanceJson.write(node, p);
        return node;
    }

    public ObjectNode window(WindowResult r) {
        ObjectNode w = mapper.createObjectNode();
        w.put("start", r.start().toString());
        w.put("end", r.end().toString());
        w.put("count", r.report().rows());
        return w;
    }

    /**
     * Per-feature results, as the {@code report --format json} CLI writes them too: feature, role, kind,
     * referenceCount, count, missing, invalid, unseen, primary, verdict and every method's result.
     */
    public ArrayNode features(Collection<FeatureDrift> features) {
        return features(features, null);
    }

    /**
     * As {@link #features(Collection)}, each with a {@code quality} object from {@code window} when it
     * is not null: values, missing (and nan), the missing ratio; for numeric features belowRange,
     * aboveRange and outOfRangeRatio; for categorical ones unseen, unseenRatio, topUnseen (the most frequent
     * unseen categories with their counts) and topUnseenError (how far below the truth those counts may
     * be); violations by kind.
     */
    public ArrayNode features(Collection<FeatureDrift> features, DriftWindow window) {
        ArrayNode array = mapper.createArrayNode();
        for (FeatureDrift f : features) {
            ObjectNode node = array.addObject();
            node.put("feature", f.feature());
            node.put("role", f.role().name().toLowerCase(Locale.ROOT));
            node.put("kind", f.numeric() ? "numeric" : "categorical");
            node.put("referenceCount", f.referenceCount());
            node.put("count", f.count());
            node.put("missing", f.missing());
            node.put("invalid", f.invalid());
            node.put("unseen", f.unseen());
            node.put("primary", f.primary().label());
            node.put("verdict", f.verdict().name().toLowerCase(Locale.ROOT));
            ArrayNode methods = node.putArray("methods");
            for (MethodResult r : f.results()) {
                ObjectNode m = methods.addObject();
                method(m, r);
                m.put("verdict", r.verdict().name().toLowerCase(Locale.ROOT));
            }
            FeatureWindow w = window == null ? null : window.feature(f.feature());
            if (w != null) {
                QualityJson.write(node.putObject("quality"), w);
            }
        }
        return array;
    }

    /**
     * One time window of a feature ({@code report --time-column}), an element of the feature's
     * {@code windows} array: start, end, the window's rows, the feature's values in it, then its primary
     * method's result there (statistic, bound, pValue, adjustedPValue, threshold) and the verdict; the
     * p-values are corrected across the features of that window.
     */
    public ObjectNode timeWindow(ObjectNode node, Instant start, Instant end, long rows, FeatureDrift f) {
        node.put("start", start.toString());
        node.put("end", end.toString());
        node.put("rows", rows);
        node.put("count", f.count());
        method(node, f.result(f.primary()));
        node.put("verdict", f.verdict().name().toLowerCase(Locale.ROOT));
        return node;
    }

    /** A method's result fields: method, statistic, bound, pValue, adjustedPValue, threshold. */
    private static void method(ObjectNode m, MethodResult r) {
        m.put("method", r.method().label());
        number(m, "statistic", r.statistic());
        number(m, "bound", r.bound());
        number(m, "pValue", r.pValue());
        number(m, "adjustedPValue", r.adjustedPValue());
        number(m, "threshold", r.threshold());
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public byte[] bytes(ObjectNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON has no NaN or infinity: NaN becomes null, infinities their names as strings. */
    static void number(ObjectNode node, String name, double v) {
        if (Double.isNaN(v)) {
            node.putNull(name);
        } else if (Double.isInfinite(v)) {
            node.put(name, v > 0 ? "Infinity" : "-Infinity");
        } else {
            node.put(name, v);
        }
    }
}
