/**
 * Model quality: realised performance per window once labels (or targets) arrive, and estimated
 * performance from predicted probabilities alone (confidence-based performance estimation, CBPE).
 *
 * <p>The window accumulators ({@link io.plumbline.monitor.quality.ClassifierPerformance},
 * {@link io.plumbline.monitor.quality.RegressorPerformance},
 * {@link io.plumbline.monitor.quality.EstimatedPerformance}) hold sums and counts only, so two windows
 * merge by adding and a state store can persist them through {@link io.plumbline.monitor.quality.QualityCodec}.
 * The calibration map they estimate through is fitted from labelled reference data by
 * {@link io.plumbline.monitor.quality.CalibrationFitter} and stored in the reference profile. Nothing here
 * knows about Kafka or Micronaut.
 */
package io.plumbline.monitor.quality;
