package io.plumbline.monitor.observe;

/**
 * One named feature across the rows of a prediction: exactly one of {@code numbers} (numeric tensors)
 * and {@code labels} (BYTES tensors, read as UTF-8 categories) is present.
 */
public record Column(String name, double[] numbers, String[] labels) {
    public Column {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a column needs a name");
        }
        if ((numbers == null) == (labels == null)) {
            throw new IllegalArgumentException("column " + name + " needs exactly one of numbers and labels");
        }
    }

    public static Column numeric(String name, double... values) {
        return new Column(name, values, null);
    }

    public static Column categorical(String name, String... values) {
        return new Column(name, null, values);
    }

    /** This column's values at {@code rows}, in that order. */
    public Column select(int[] rows) {
        if (numbers != null) {
            double[] v = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                v[i] = numbers[rows[i]];
            }
            return new Column(name, v, null);
        }
        String[] v = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            v[i] = labels[rows[i]];
        }
        return new Column(name, null, v);
    }

    public int length() {
        return numbers != null ? numbers.length : labels.length;
    }
}
