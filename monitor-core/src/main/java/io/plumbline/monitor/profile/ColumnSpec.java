package io.plumbline.monitor.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which columns of a data file to profile and how, in place of a manifest.
 *
 * @param features columns to profile, in order; empty means every column
 * @param categorical columns to treat as categorical even when all their values are numbers
 * @param outputs columns that are model outputs (role "output") rather than inputs
 * @param label the true label (or target) column, or null: it is recorded in the profile's label section,
 *     never profiled as a feature
 * @param probabilities a classifier's probability columns, one per class in output order, each named after
 *     its class; with a label they fit the profile's calibration map. They are profiled as outputs.
 */
public record ColumnSpec(List<String> features, Set<String> categorical, Set<String> outputs, String label,
        List<String> probabilities) {

    public ColumnSpec {
        features = List.copyOf(features);
        categorical = Set.copyOf(categorical);
        outputs = Set.copyOf(outputs);
        probabilities = List.copyOf(probabilities);
        if (label != null && label.isEmpty()) {
            label = null;
        }
        if (!probabilities.isEmpty() && label == null) {
            throw new IllegalArgumentException("probability columns " + probabilities
                    + " need a label column to fit a calibration map against");
        }
        if (probabilities.size() == 1) {
            throw new IllegalArgumentException("name one probability column per class (at least 2), got "
                    + probabilities);
        }
        if (label != null && (probabilities.contains(label) || features.contains(label))) {
            throw new IllegalArgumentException("label column " + label + " cannot also be a feature or probability");
        }
    }

    public ColumnSpec(List<String> features, Set<String> categorical, Set<String> outputs) {
        this(features, categorical, outputs, null, List.of());
    }

    public static ColumnSpec all() {
        return new ColumnSpec(List.of(), Set.of(), Set.of());
    }

    /** Whether a profiled column is a model output: named in outputs or a probability column. */
    public boolean isOutput(String name) {
        return outputs.contains(name) || probabilities.contains(name);
    }

    /**
     * The selected columns of a header, checking that every named column exists.
     *
     * @throws IllegalArgumentException naming the unknown columns and the ones available
     */
    public List<String> select(List<String> header) {
        List<String> unknown = new ArrayList<>();
        for (String name : features) {
            if (!header.contains(name)) {
                unknown.add(name);
            }
        }
        for (String name : categorical) {
            if (!header.contains(name)) {
                unknown.add(name);
            }
        }
        for (String name : outputs) {
            if (!header.contains(name)) {
                unknown.add(name);
            }
        }
        for (String name : probabilities) {
            if (!header.contains(name)) {
                unknown.add(name);
            }
        }
        if (label != null && !header.contains(label)) {
            unknown.add(label);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown column(s) " + unknown + "; the data has " + header);
        }
        if (!features.isEmpty()) {
            return features;
        }
        return header.stream().filter(name -> !name.equals(label)).toList();
    }
}
