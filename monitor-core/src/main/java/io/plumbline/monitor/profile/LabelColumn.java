package io.plumbline.monitor.profile;

import io.plumbline.events.profile.CalibrationMap;
import io.plumbline.events.profile.LabelInfo;
import io.plumbline.monitor.data.Cells;
import io.plumbline.monitor.quality.CalibrationFitter;
import java.util.List;

/**
 * The label column of reference data while it is profiled: with probability columns, each row whose label
 * and probabilities are all present goes to a {@link CalibrationFitter}. A label is matched to a class by
 * name (the probability column's name) or, when it is a whole number, by index; any other label is an
 * error naming the row, because a silently dropped class would bias the map. Rows with an empty label or
 * probability are left out of the fit (the map records how many rows it was fitted on).
 */
final class LabelColumn {
    private final String column;
    private final int labelIndex;
    private final List<String> classes;
    private final int[] probabilityIndex;
    private final CalibrationFitter fitter;

    LabelColumn(String column, List<String> probabilities, List<String> header) {
        this.column = column;
        this.labelIndex = header.indexOf(column);
        this.classes = List.copyOf(probabilities);
        this.probabilityIndex = probabilities.stream().mapToInt(header::indexOf).toArray();
        this.fitter = probabilities.isEmpty() ? null : new CalibrationFitter(probabilities, probabilities);
    }

    void add(String[] row, long rowNumber) {
        if (fitter == null) {
            return;
        }
        String cell = row[labelIndex];
        if (Cells.isMissing(cell)) {
            return;
        }
        double[] p = new double[probabilityIndex.length];
        for (int k = 0; k < p.length; k++) {
            Double v = Cells.parse(row[probabilityIndex[k]]);
            if (v == null) {
                return;
            }
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("row " + rowNumber + ": probability column " + classes.get(k)
                        + " holds " + v + ", outside [0, 1]");
            }
            p[k] = v;
        }
        fitter.add(p, classOf(cell.strip(), rowNumber));
    }

    private int classOf(String label, long rowNumber) {
        int k = classes.indexOf(label);
        if (k >= 0) {
            return k;
        }
        try {
            int index = Integer.parseInt(label);
            if (index >= 0 && index < classes.size()) {
                return index;
            }
        } catch (NumberFormatException e) {
            // not an index: fall through to the error
        }
        throw new IllegalArgumentException("row " + rowNumber + ": label " + column + " = '" + label
                + "' is neither a class name " + classes + " nor a class index");
    }

    LabelInfo info() {
        return new LabelInfo(column, classes);
    }

    /** The fitted map, or null without probability columns or labelled rows. */
    CalibrationMap calibration() {
        return fitter == null || fitter.rows() == 0 ? null : fitter.fit();
    }
}
