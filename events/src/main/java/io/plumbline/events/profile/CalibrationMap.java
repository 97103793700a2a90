package io.plumbline.events.profile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a probabilistic classifier's scores translate into observed frequencies on the reference data:
 * one {@link ClassCalibration} per class, in the order of the model's probability outputs. Estimated
 * performance (CBPE) reads live scores through it.
 *
 * @param method how the curves were fitted; {@link #ISOTONIC} is the only one written today
 * @param rows labelled reference rows the curves were fitted on
 * @param classes one curve per class, in output order, names unique
 */
public record CalibrationMap(String method, long rows, List<ClassCalibration> classes) {

    /** Pool-adjacent-violators isotonic regression of the one-vs-rest label on the class's score. */
    public static final String ISOTONIC = "isotonic";

    public CalibrationMap {
        if (!ISOTONIC.equals(method)) {
            throw new IllegalArgumentException("calibration method must be \"" + ISOTONIC + "\", was " + method);
        }
        if (rows < 1) {
            throw new IllegalArgumentException("calibration rows must be >= 1, was " + rows);
        }
        if (classes == null || classes.size() < 2) {
            throw new IllegalArgumentException("calibration must hold at least two classes");
        }
        Set<String> names = new HashSet<>();
        for (ClassCalibration c : classes) {
            if (c == null || !names.add(c.name())) {
                throw new IllegalArgumentException("calibration classes must be unique and non-null");
            }
        }
        classes = List.copyOf(classes);
    }

    /** Class names in output order. */
    @JsonIgnore
    public List<String> classNames() {
        return classes.stream().map(ClassCalibration::name).toList();
    }
}
