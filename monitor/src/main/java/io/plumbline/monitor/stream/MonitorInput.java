package io.plumbline.monitor.stream;

import io.plumbline.events.FeedbackRecord;
import io.plumbline.events.PredictionEvent;

/**
 * A record of either input topic, so predictions and feedback reach one processor (and one task per
 * model) through a merged stream: exactly one of the two is set.
 */
record MonitorInput(PredictionEvent prediction, FeedbackRecord feedback) {
    static MonitorInput of(PredictionEvent e) {
        return new MonitorInput(e, null);
    }

    static MonitorInput of(FeedbackRecord f) {
        return new MonitorInput(null, f);
    }
}
