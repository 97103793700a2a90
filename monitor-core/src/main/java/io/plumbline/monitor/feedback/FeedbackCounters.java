package io.plumbline.monitor.feedback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code monitor.feedback} by outcome, one counter per outcome created up front so all export from the
 * start; and {@code monitor.feedback.waiting}, records that arrived before their prediction (each ends
 * later as matched, duplicate, late or unmatched).
 */
public final class FeedbackCounters {
    private final Map<JoinOutcome, Counter> outcomes = new EnumMap<>(JoinOutcome.class);
    private final Counter waiting;

    public FeedbackCounters(MeterRegistry registry) {
        for (JoinOutcome o : JoinOutcome.values()) {
            outcomes.put(o, Counter.builder("monitor.feedback").tag("outcome", o.tag())
                    .description("Ground-truth feedback records joined by the monitor, by outcome").register(registry));
        }
        waiting = Counter.builder("monitor.feedback.waiting")
                .description("Feedback records that arrived before their prediction and waited for it")
                .register(registry);
    }

    void increment(JoinOutcome outcome) {
        outcomes.get(outcome).increment();
    }

    /** A record that could not be decoded: it never reaches the join. */
    public void invalid() {
        increment(JoinOutcome.INVALID);
    }

    void waiting() {
        waiting.increment();
    }

    public double count(JoinOutcome outcome) {
        return outcomes.get(outcome).count();
    }

    public double waitingCount() {
        return waiting.count();
    }
}
