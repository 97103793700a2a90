package io.plumbline.events.profile;

import java.util.HashSet;
import java.util.List;

/**
 * The ground-truth column of the reference data, which is not a model input and so has no
 * {@link FeatureProfile}: its name and, for a classifier, the class names in the order of the model's
 * probability outputs (a label is matched to a class by name, or by its index in this list).
 *
 * @param column name of the label column in the reference data
 * @param classes class names in output order; empty for a regressor's numeric target
 */
public record LabelInfo(String column, List<String> classes) {

    public LabelInfo {
        if (column == null || column.isEmpty()) {
            throw new IllegalArgumentException("label column must be a non-empty string");
        }
        classes = classes == null ? List.of() : List.copyOf(classes);
        if (new HashSet<>(classes).size() != classes.size()) {
            throw new IllegalArgumentException("label classes must be unique, were " + classes);
        }
    }
}
