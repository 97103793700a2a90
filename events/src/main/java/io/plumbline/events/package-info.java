/**
 * The wire contract between serving and the monitor. A {@link io.plumbline.events.PredictionEvent} is
 * one answered prediction (inputs and outputs as V2 tensors, oversized ones summarised); it travels as
 * a CloudEvents 1.0 event in Kafka binary mode ({@link io.plumbline.events.CloudEventHeaders}) with the
 * JSON body written and strictly read by {@link io.plumbline.events.PredictionEventCodec}, described by
 * {@code io/plumbline/events/prediction-event.schema.json}, or with the compact binary body of
 * {@link io.plumbline.events.BinaryPredictionCodec}; the {@code content-type} header names the body
 * ({@link io.plumbline.events.EventFormat}). A {@link io.plumbline.events.FeedbackRecord}
 * is the ground truth for an earlier prediction, joined to it by request id; it travels the same way on
 * {@link io.plumbline.events.FeedbackRecord#TOPIC}, written and read by
 * {@link io.plumbline.events.FeedbackRecordCodec}. The {@code profile} subpackage holds the reference
 * profile format.
 */
package io.plumbline.events;
