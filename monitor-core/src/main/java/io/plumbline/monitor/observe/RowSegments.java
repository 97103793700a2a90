package io.plumbline.monitor.observe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The segment labels of each row of one prediction, one per declared segment ({@link Segments#assign}).
 *
 * @param labels {@code labels[row][declaration]}
 */
public record RowSegments(String[][] labels) {
    /** A prediction of a model without segments. */
    public static final RowSegments NONE = new RowSegments(new String[0][]);

    public boolean isEmpty() {
        return labels.length == 0 || labels[0].length == 0;
    }

    /** The labels of {@code row}; empty without segments. */
    public List<String> of(int row) {
        return isEmpty() ? List.of() : Arrays.asList(labels[row].clone());
    }

    /** The rows of each segment label, labels in order of first appearance, rows ascending. */
    public Map<String, int[]> groups() {
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        for (int r = 0; r < labels.length; r++) {
            for (String label : labels[r]) {
                rows.computeIfAbsent(label, k -> new ArrayList<>()).add(r);
            }
        }
        Map<String, int[]> out = new LinkedHashMap<>();
        rows.forEach((label, list) -> out.put(label, list.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }
}
