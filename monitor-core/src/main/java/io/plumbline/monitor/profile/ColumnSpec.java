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
 */
public record ColumnSpec(List<String> features, Set<String> categorical, Set<String> outputs) {

    public ColumnSpec {
        features = List.copyOf(features);
        categorical = Set.copyOf(categorical);
        outputs = Set.copyOf(outputs);
    }

    public static ColumnSpec all() {
        return new ColumnSpec(List.of(), Set.of(), Set.of());
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
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown column(s) " + unknown + "; the data has " + header);
        }
        return features.isEmpty() ? header : features;
    }
}
