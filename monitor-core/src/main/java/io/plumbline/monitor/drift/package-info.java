/**
 * Drift statistics from a reference profile and a live window, one idea per class: KS at the bin edges
 * with its error bound, PSI on coarse bins, Wasserstein distance in reference standard deviations,
 * chi-square and Jensen-Shannon for categories, multiple-testing corrections, and the
 * {@link io.plumbline.monitor.drift.DriftAnalyzer} that applies them with a minimum window count.
 * Everything is computed from counts, so cost depends on the number of bins, not on traffic (the exact
 * KS tail, up to 10,000 values a side, also on the window size). Every p-value is computed as an upper
 * tail ({@link io.plumbline.monitor.drift.KsExactTail}, {@link io.plumbline.monitor.drift.KsAsymptoticTail},
 * {@link io.plumbline.monitor.drift.ChiSquareTail}), never as {@code 1 - cdf}, so a strong drift reports a
 * small positive p-value, not 0.
 */
package io.plumbline.monitor.drift;
