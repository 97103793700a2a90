/**
 * Drift statistics from a reference profile and a live window, one idea per class: KS at the bin edges
 * with its error bound, PSI on coarse bins, Wasserstein distance in reference standard deviations,
 * chi-square and Jensen-Shannon for categories, multiple-testing corrections, and the
 * {@link io.plumbline.monitor.drift.DriftAnalyzer} that applies them with a minimum window count.
 * Everything is computed from counts, so cost depends on the number of bins, not on traffic.
 */
package io.plumbline.monitor.drift;
