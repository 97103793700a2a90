package io.plumbline.monitor.window;

/** The live counts of one feature; {@link NumericWindow} or {@link CategoricalWindow}. */
public sealed interface FeatureWindow permits NumericWindow, CategoricalWindow {

    /** Feature name, as in the reference profile. */
    String name();

    /** Usable values counted (finite numbers, or non-empty categories). */
    long count();

    /** Values that were absent (null, empty string). */
    long missing();

    /**
     * Values present but unusable: NaN, infinities, text in a numeric column, values of a tensor of the
     * wrong shape ({@link Violation}).
     */
    long invalid();

    /** Values that arrived in a tensor of the wrong type or shape (also counted in {@link #invalid()}). */
    long violations(Violation kind);

    /** Counts {@code n} values of this feature that came in a tensor of the wrong type or shape. */
    void addViolation(Violation kind, long n);

    /** Every value the window saw for this feature: usable, missing and invalid; the data-quality denominator. */
    default long values() {
        return count() + missing() + invalid();
    }

    /** Values that were absent or NaN: the numerator of the missing ratio. */
    default long missingOrNaN() {
        return missing();
    }

    /** Clears every count; the window keeps its bins and categories. */
    void reset();
}
