package io.plumbline.monitor.observe;

import io.plumbline.monitor.window.CategoricalWindow;
import io.plumbline.monitor.window.DriftWindow;
import io.plumbline.monitor.window.FeatureWindow;
import io.plumbline.monitor.window.NumericWindow;

/**
 * Counts an observation into a window. Columns the profile does not know are ignored (a model may send
 * more than was profiled); profiled features the event lacks count as missing for every row, so a
 * client that stops sending a feature shows up in the window instead of vanishing. A feature the event
 * sent in a misshaped tensor counts its rows as {@linkplain FeatureViolation violations}, not as missing;
 * text for a numeric feature counts as a type violation.
 */
public final class WindowFeeder {
    private WindowFeeder() {
    }

    public static void add(Observation o, DriftWindow window) {
        int rows = o.rows();
        window.addRows(rows);
        int matched = 0;
        for (Column c : o.columns()) {
            FeatureWindow f = window.feature(c.name());
            if (f == null) {
                continue;
            }
            matched++;
            if (f instanceof NumericWindow n) {
                addNumeric(c, n);
            } else {
                addCategorical(c, (CategoricalWindow) f);
            }
        }
        for (FeatureViolation v : o.violations()) {
            FeatureWindow f = window.feature(v.feature());
            if (f != null) {
                matched++;
                f.addViolation(v.kind(), v.rows());
            }
        }
        if (matched < window.features().size()) {
            addMissing(o, window);
        }
    }

    private static void addNumeric(Column c, NumericWindow n) {
        if (c.numbers() != null) {
            for (double v : c.numbers()) {
                n.add(v);
            }
            return;
        }
        for (String label : c.labels()) {
            if (label == null || label.isEmpty()) {
                n.addMissing();
            } else {
                n.addInvalid();
            }
        }
    }

    private static void addCategorical(Column c, CategoricalWindow w) {
        if (c.labels() != null) {
            for (String label : c.labels()) {
                w.add(label);
            }
            return;
        }
        for (double v : c.numbers()) {
            String category = category(v);
            if (category == null) {
                w.addMissing();
            } else {
                w.add(category);
            }
        }
    }

    /** The category of a number: integer-coded categories arrive as numbers and were profiled as their text. */
    static String category(double v) {
        if (Double.isNaN(v)) {
            return null;
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static void addMissing(Observation o, DriftWindow window) {
        for (FeatureWindow f : window.features()) {
            if (hasColumn(o, f.name()) || hasViolation(o, f.name())) {
                continue;
            }
            for (int r = 0; r < o.rows(); r++) {
                if (f instanceof NumericWindow n) {
                    n.addMissing();
                } else {
                    ((CategoricalWindow) f).addMissing();
                }
            }
        }
    }

    private static boolean hasViolation(Observation o, String name) {
        for (FeatureViolation v : o.violations()) {
            if (v.feature().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasColumn(Observation o, String name) {
        for (Column c : o.columns()) {
            if (c.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
