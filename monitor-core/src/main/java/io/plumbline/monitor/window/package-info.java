/**
 * Bounded-memory live windows: per numeric feature an array of {@code bins + 2} counts over the
 * reference profile's edges, per categorical feature counts over the reference categories, plus the
 * data-quality counts (missing, NaN, out of range, type and shape {@link io.plumbline.monitor.window.Violation}s)
 * and a bounded summary of the most frequent unseen categories. Memory depends on the profile, never on
 * traffic; windows merge by adding.
 */
package io.plumbline.monitor.window;
