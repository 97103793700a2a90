package io.plumbline.monitor.quality;

import io.plumbline.events.profile.CalibrationMap;
import io.plumbline.events.profile.ClassCalibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fits a {@link CalibrationMap} from labelled reference rows: the model's class probabilities and the true
 * class. Per class, one-vs-rest, an isotonic regression of "the row is this class" on the predicted
 * probability of that class ({@link Isotonic}).
 *
 * <p>Why isotonic rather than binned: it needs no bin count (a binned map is coarse where the data is dense
 * and noisy where it is thin), it is monotone, so a higher score never maps to a lower probability and the
 * estimated ROC curve ranks rows as the model does, and it is what NannyML's CBPE calibrates with
 * (performance_estimation.rst, "Appendix: Probability calibration"). Its cost: the reference scores are held
 * in memory until {@link #fit()} (8 bytes per class per row plus one per row, 5 classes × 1 M rows = 45 MB),
 * and the map has up to two knots per pooled block (tens to hundreds in practice).
 */
public final class CalibrationFitter {
    private final List<String> classes;
    private final List<String> outputs;
    private double[][] scores;
    private int[] labels;
    private int rows;

    /**
     * @param classes class names, in the order of the model's probability outputs
     * @param outputs the output column holding each class's probability, same order
     */
    public CalibrationFitter(List<String> classes, List<String> outputs) {
        if (classes.size() < 2 || classes.size() != outputs.size()) {
            throw new IllegalArgumentException("need at least 2 classes and one output column per class, got "
                    + classes + " and " + outputs);
        }
        this.classes = List.copyOf(classes);
        this.outputs = List.copyOf(outputs);
        scores = new double[classes.size()][64];
        labels = new int[64];
    }

    /** Adds one labelled reference row; probabilities must lie in [0, 1]. */
    public void add(double[] probabilities, int trueClass) {
        if (probabilities.length != classes.size()) {
            throw new IllegalArgumentException("expected " + classes.size() + " probabilities, got "
                    + probabilities.length);
        }
        if (trueClass < 0 || trueClass >= classes.size()) {
            throw new IllegalArgumentException("true class must be in [0, " + classes.size() + "), was " + trueClass);
        }
        if (rows == labels.length) {
            labels = Arrays.copyOf(labels, rows * 2);
            for (int k = 0; k < scores.length; k++) {
                scores[k] = Arrays.copyOf(scores[k], rows * 2);
            }
        }
        for (int k = 0; k < probabilities.length; k++) {
            double p = probabilities[k];
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability of " + classes.get(k) + " must lie in [0, 1], was "
                        + p);
            }
            scores[k][rows] = p;
        }
        labels[rows++] = trueClass;
    }

    public int rows() {
        return rows;
    }

    /** The fitted map; at least one labelled row is required. */
    public CalibrationMap fit() {
        if (rows == 0) {
            throw new IllegalStateException("no labelled reference rows to fit a calibration map on");
        }
        List<ClassCalibration> curves = new ArrayList<>();
        boolean[] outcomes = new boolean[rows];
        for (int k = 0; k < classes.size(); k++) {
            for (int i = 0; i < rows; i++) {
                outcomes[i] = labels[i] == k;
            }
            curves.add(Isotonic.fit(classes.get(k), outputs.get(k), scores[k], outcomes, rows));
        }
        return new CalibrationMap(CalibrationMap.ISOTONIC, rows, curves);
    }
}
