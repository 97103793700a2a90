/**
 * Bounded-memory live windows: per numeric feature an array of {@code bins + 2} counts over the
 * reference profile's edges, per categorical feature counts over the reference categories, plus counts of
 * missing and bad values. Memory depends on the profile, never on traffic; windows merge by adding.
 */
package io.plumbline.monitor.window;
