package io.plumbline.monitor.drift;

import java.util.List;

/**
 * Drift of every profiled feature in one window.
 *
 * @param rows rows (events) in the window
 * @param alpha level the p-value verdicts used
 * @param correction correction applied across features
 * @param features per-feature results, in profile order
 */
public record DriftReport(long rows, double alpha, Correction correction, List<FeatureDrift> features) {

    public DriftReport {
        features = List.copyOf(features);
    }

    public boolean anyDrift() {
        return features.stream().anyMatch(f -> f.verdict() == Verdict.DRIFT);
    }

    /** True when there are features and none reached a verdict: the window could not say anything. */
    public boolean noVerdict() {
        return !features.isEmpty() && features.stream().allMatch(f -> f.verdict() == Verdict.INSUFFICIENT_DATA);
    }

    public List<String> driftedFeatures() {
        return features.stream().filter(f -> f.verdict() == Verdict.DRIFT).map(FeatureDrift::feature).toList();
    }

    public FeatureDrift feature(String name) {
        return features.stream().filter(f -> f.feature().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no feature " + name + " in the report"));
    }
}
