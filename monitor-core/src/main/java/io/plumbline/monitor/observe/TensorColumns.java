package io.plumbline.monitor.observe;

import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a V2 tensor into named columns. A {@code [rows, k]} tensor with {@code k} names gives one
 * column per name (feature names of an input, class labels of a classifier's output); a {@code [rows]}
 * or {@code [rows, 1]} tensor with one name gives one column. A tensor without names is not monitored.
 * Any other shape is an invalid event: monitoring it would put values under the wrong feature.
 */
public final class TensorColumns {
    private TensorColumns() {
    }

    /** The tensor's rows (its first dimension). */
    public static int rows(Tensor t) {
        if (t.rank() == 0) {
            throw new InvalidObservationException("tensor " + t.name() + " is a scalar; expected [rows, ...]");
        }
        return Math.toIntExact(t.dim(0));
    }

    public static List<Column> split(Tensor t, List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        int rows = rows(t);
        int width = t.rank() == 1 ? 1 : t.rank() == 2 ? Math.toIntExact(t.dim(1)) : -1;
        if (width != names.size()) {
            throw new InvalidObservationException("tensor " + t.name() + " has shape " + java.util.Arrays.toString(t.shape())
                    + " but " + names.size() + " feature names");
        }
        List<Column> columns = new ArrayList<>(width);
        boolean text = t.type() == DataType.BYTES;
        for (int j = 0; j < width; j++) {
            if (text) {
                String[] labels = new String[rows];
                for (int r = 0; r < rows; r++) {
                    labels[r] = new String(t.string(r * width + j), StandardCharsets.UTF_8);
                }
                columns.add(Column.categorical(names.get(j), labels));
            } else {
                double[] values = new double[rows];
                for (int r = 0; r < rows; r++) {
                    values[r] = t.asDouble(r * width + j);
                }
                columns.add(Column.numeric(names.get(j), values));
            }
        }
        return columns;
    }
}
