package io.plumbline.monitor.drift;

import io.plumbline.events.profile.FeatureRole;
import java.util.List;

/**
 * Drift of one feature in one window.
 *
 * @param feature feature name
 * @param role input or output
 * @param numeric true for numeric features
 * @param referenceCount usable reference values
 * @param count usable window values
 * @param missing absent window values
 * @param invalid window values present but unusable (NaN, infinities, text in a numeric column)
 * @param unseen window categories the reference never saw (categorical features; counted in other)
 * @param primary the method whose verdict is the feature's verdict
 * @param verdict the feature's verdict
 * @param results every method computed for the feature
 */
public record FeatureDrift(
        String feature, FeatureRole role, boolean numeric, long referenceCount, long count, long missing,
        long invalid, long unseen, Method primary, Verdict verdict, List<MethodResult> results) {

    public FeatureDrift {
        results = List.copyOf(results);
    }

    public MethodResult result(Method method) {
        return results.stream().filter(r -> r.method() == method).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(method.label() + " was not computed for " + feature));
    }

    FeatureDrift withResults(List<MethodResult> newResults) {
        Verdict v = newResults.stream().filter(r -> r.method() == primary).findFirst().orElseThrow().verdict();
        return new FeatureDrift(feature, role, numeric, referenceCount, count, missing, invalid, unseen, primary, v,
                newResults);
    }
}
