/**
 * Ground truth joined to predictions: {@link io.plumbline.monitor.feedback.FeedbackJoin} keeps what it
 * needs of each prediction (its outputs, by request id) for the join window and pairs it with the feedback
 * record that names the same request, whichever arrives first; matches go to whoever scores them, and
 * every feedback record ends as exactly one {@link io.plumbline.monitor.feedback.JoinOutcome}. Where the
 * state lives is a {@link io.plumbline.monitor.feedback.JoinStore}: a changelogged Kafka Streams store in
 * the monitor service, memory in the monitor embedded in serving. No Kafka here.
 */
package io.plumbline.monitor.feedback;
