package io.plumbline.monitor.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.monitor.drift.FeatureDrift;
import io.plumbline.monitor.drift.MethodResult;
import io.plumbline.monitor.drift.Verdict;
import io.plumbline.monitor.result.WindowResult;
import io.plumbline.monitor.window.CategoricalWindow;
import io.plumbline.monitor.window.FeatureWindow;
import io.plumbline.monitor.window.NumericWindow;
import io.plumbline.monitor.window.Violation;
import java.util.Locale;

/**
 * The drift gauges of the last closed window per (model, version):
 * {@code drift.score} and {@code drift.pvalue} (tags model, version, feature, role, method; the p-value is
 * the one the verdict used, after correction across features), {@code drift.detected} (tags model,
 * version, feature, role; 1 when the feature's verdict is drift, else 0), {@code drift.window.events} and
 * {@code drift.window.end} (epoch seconds). {@code role} is the feature's role in the reference profile,
 * {@code input} or {@code output}, so a rule can tell "the inputs moved" (data drift) from "the
 * predictions moved" (prediction drift) without knowing each model's feature names.
 *
 * <p>Data quality of the same window, per (model, version, feature, role): {@code data.missing.ratio}
 * (absent or NaN values over all values of the feature), {@code data.out.of.range.ratio} (numeric: finite
 * values below the reference minimum or above its maximum, over finite values), {@code data.unseen.ratio}
 * (categorical: values of categories the reference never saw, over usable values) and
 * {@code data.violation.ratio} with tag {@code kind} ({@code type}, {@code shape}: values sent in a
 * tensor of the wrong datatype or shape, over all values). A ratio with nothing to divide by is NaN.
 *
 * <p>A segment's window (see {@code SegmentSpec}) sets the same gauges in a family of their own, with a
 * {@code segment} tag: {@code drift.segment.score}, {@code drift.segment.detected},
 * {@code data.segment.missing.ratio} and so on.
 *
 * <p>Gauges are set through a {@link GaugeSet}, registered the first time their tags appear and only updated
 * after that. {@link #remove(String)} drops a model's gauges from the registry, so an instance that lost a
 * model in a rebalance stops exporting stale values.
 */
public final class DriftGauges {
    private final GaugeSet gauges;

    public DriftGauges(MeterRegistry registry) {
        this.gauges = new GaugeSet(registry);
    }

    public void update(WindowResult r) {
        String model = r.model();
        String segment = r.segment();
        Tags version = GaugeSet.base(r.version(), segment);
        gauges.set(GaugeSet.name("drift.window.events", segment), model, version, r.report().rows(),
                "Events in the last closed drift window");
        gauges.set(GaugeSet.name("drift.window.end", segment), model, version, r.end().getEpochSecond(),
                "End of the last closed drift window, epoch seconds");
        for (FeatureDrift f : r.report().features()) {
            Tags feature = version.and("feature", f.feature(), "role", role(f.role()));
            gauges.set(GaugeSet.name("drift.detected", segment), model, feature, f.verdict() == Verdict.DRIFT ? 1 : 0,
                    "1 when the feature drifted in the last closed window (primary method), else 0");
            for (MethodResult m : f.results()) {
                Tags method = feature.and("method", m.method().label());
                gauges.set(GaugeSet.name("drift.score", segment), model, method, m.statistic(), "Drift statistic of the last closed window");
                if (!Double.isNaN(m.pValue())) {
                    gauges.set(GaugeSet.name("drift.pvalue", segment), model, method, m.adjustedPValue(),
                            "p-value (after correction across features) of the last closed window");
                }
            }
        }
        quality(r);
    }

    private void quality(WindowResult r) {
        String model = r.model();
        String segment = r.segment();
        for (FeatureProfile p : r.counts().profile().features()) {
            FeatureWindow w = r.counts().feature(p.name());
            Tags feature = GaugeSet.base(r.version(), segment).and("feature", p.name(), "role", role(p.role()));
            gauges.set(GaugeSet.name("data.missing.ratio", segment), model, feature, ratio(w.missingOrNaN(), w.values()),
                    "Share of the feature's values in the last closed window that were absent or NaN");
            if (w instanceof NumericWindow n) {
                gauges.set(GaugeSet.name("data.out.of.range.ratio", segment), model, feature, ratio(n.outOfRange(), n.count()),
                        "Share of finite values below the reference minimum or above its maximum, last closed window");
            } else {
                gauges.set(GaugeSet.name("data.unseen.ratio", segment), model, feature, ratio(((CategoricalWindow) w).unseen(), w.count()),
                        "Share of values whose category the reference never saw, last closed window");
            }
            for (Violation kind : Violation.values()) {
                gauges.set(GaugeSet.name("data.violation.ratio", segment), model, feature.and("kind", kind.label()),
                        ratio(w.violations(kind), w.values()),
                        "Share of the feature's values sent in a tensor of the wrong type or shape, last closed window");
            }
        }
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    /** Removes every gauge of a model (all versions). */
    public void remove(String model) {
        gauges.removeModel(model);
    }

    /** The current value of a data-quality gauge with a {@code kind} tag; NaN when absent. */
    public double value(String name, String model, String version, String feature, String role, Violation kind) {
        return gauges.value(name, model, Tags.of("version", version, "feature", feature, "role", role, "kind",
                kind.label()));
    }

    /** The current value of a gauge, for tests and logs; NaN when absent. */
    public double value(String name, String model, String version, String feature, String role, String method) {
        Tags tags = Tags.of("version", version);
        if (feature != null) {
            tags = tags.and("feature", feature);
        }
        if (role != null) {
            tags = tags.and("role", role);
        }
        if (method != null) {
            tags = tags.and("method", method);
        }
        return gauges.value(name, model, tags);
    }

    /** The {@code role} tag value of a profile role: {@code input} or {@code output}. */
    public static String role(FeatureRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
