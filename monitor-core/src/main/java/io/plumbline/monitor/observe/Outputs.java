package io.plumbline.monitor.observe;

import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * A prediction's outputs row by row, as model quality reads them: the numeric output features in the
 * reference profile's order (a classifier's class probabilities, a regressor's value) and the first
 * categorical output (a predicted class name), if any.
 */
public final class Outputs {
    private final List<Column> numeric = new ArrayList<>();
    private Column label;

    private Outputs() {
    }

    public static Outputs of(Observation o, ReferenceProfile profile) {
        Outputs out = new Outputs();
        for (FeatureProfile feature : profile.features()) {
            if (feature.role() != FeatureRole.OUTPUT) {
                continue;
            }
            for (Column c : o.columns()) {
                if (c.name().equals(feature.name())) {
                    if (c.numbers() != null) {
                        out.numeric.add(c);
                    } else if (out.label == null) {
                        out.label = c;
                    }
                    break;
                }
            }
        }
        return out;
    }

    /** The numeric outputs of {@code row}, in the profile's order. */
    public double[] numbers(int row) {
        double[] v = new double[numeric.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = numeric.get(i).numbers()[row];
        }
        return v;
    }

    /** The predicted class name of {@code row}, or empty when the model has no categorical output. */
    public String label(int row) {
        if (label == null) {
            return "";
        }
        String s = label.labels()[row];
        return s == null ? "" : s;
    }
}
