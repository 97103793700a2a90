/**
 * What the monitor needs from a prediction: model, version, event time and named columns of row values
 * ({@link io.plumbline.monitor.observe.Observation}), how tensors become such columns, and how an
 * observation is counted into a {@link io.plumbline.monitor.window.DriftWindow}. Both the Kafka Streams
 * monitor and the monitor embedded in serving feed windows through here, so they count alike.
 */
package io.plumbline.monitor.observe;
