package io.plumbline.monitor.window;

/** The live counts of one feature; {@link NumericWindow} or {@link CategoricalWindow}. */
public sealed interface FeatureWindow permits NumericWindow, CategoricalWindow {

    /** Feature name, as in the reference profile. */
    String name();

    /** Usable values counted (finite numbers, or non-empty categories). */
    long count();

    /** Values that were absent (null, empty string). */
    long missing();

    /** Values present but unusable: NaN, infinities, or text in a numeric column. */
    long invalid();

    /** Clears every count; the window keeps its bins and categories. */
    void reset();
}
