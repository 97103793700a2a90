package io.plumbline.serving.events;

import io.plumbline.events.FeedbackRecord;
import io.plumbline.events.PredictionEvent;

/** Sink {@code none}: events are not wanted, so nothing is built, sent or counted. */
final class DiscardingEventSink implements EventSink {

    @Override
    public SinkKind kind() {
        return SinkKind.NONE;
    }

    @Override
    public void offer(PredictionEvent event) {
    }

    /** Never taken: there is nowhere to send it, and the feedback endpoint says so (503). */
    @Override
    public boolean offerFeedback(FeedbackRecord record) {
        return false;
    }

    @Override
    public void publishProfile(String model, String version, byte[] profileJson) {
    }

    @Override
    public void close() {
    }
}
