/**
 * Prediction events and reference profiles leave serving here. A {@link io.plumbline.serving.events.PredictionEventListener}
 * samples answered predictions and offers each as a {@link io.plumbline.events.PredictionEvent} to the configured
 * {@link io.plumbline.serving.events.EventSink}: Kafka (CloudEvents in binary mode on {@code plumbline.predictions}),
 * an in-process queue for the embedded monitor, or nothing. A {@link io.plumbline.serving.events.ProfilePublisher}
 * hands each loaded version's reference profile to the same sink.
 *
 * <p>The trade is deliberate: predictions are never failed or delayed for the sake of events. Every offer returns at
 * once; an event that cannot be handed on is dropped and counted ({@code prediction.events}, outcome {@code dropped}
 * or {@code failed}), with a warning at most every 30 seconds.
 */
package io.plumbline.serving.events;
