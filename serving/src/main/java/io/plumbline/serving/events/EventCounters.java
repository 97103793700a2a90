package io.plumbline.serving.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code prediction.events} (or, for ground-truth feedback, {@code prediction.feedback}) by outcome:
 * {@code sent} (handed on: acknowledged by Kafka, or queued for the embedded monitor), {@code dropped}
 * (never left this process: buffer or queue full, broker unknown, sink closed) and {@code failed}
 * (accepted but not delivered, e.g. timed out while the broker was away). Losses also raise a warning
 * at most every 30 seconds. The three counters are created once.
 */
final class EventCounters {
    private static final Logger LOG = LoggerFactory.getLogger(EventCounters.class);
    static final Duration WARN_INTERVAL = Duration.ofSeconds(30);

    private final Counter sent;
    private final Counter dropped;
    private final Counter failed;
    private final DropWarnings warnings;

    static final String EVENTS = "prediction.events";
    static final String FEEDBACK = "prediction.feedback";
    static final String KSERVE = "prediction.kserve.events";

    /** The counters of prediction events. */
    EventCounters(MeterRegistry registry) {
        this(registry, EVENTS, "Prediction events", "prediction event(s)");
    }

    private EventCounters(MeterRegistry registry, String name, String what, String noun) {
        sent = counter(registry, name, what, "sent");
        dropped = counter(registry, name, what, "dropped");
        failed = counter(registry, name, what, "failed");
        warnings = new DropWarnings(WARN_INTERVAL, System::nanoTime, LOG::warn, noun,
                name.replace('.', '_') + "_total");
    }

    /** The counters of ground-truth feedback records, which go through the same sink. */
    static EventCounters feedback(MeterRegistry registry) {
        return new EventCounters(registry, FEEDBACK, "Ground-truth feedback records", "feedback record(s)");
    }

    /** The counters of the KServe-shaped copies ({@code plumbline.events.kafka.kserve-topic}): two records a prediction. */
    static EventCounters kserve(MeterRegistry registry) {
        return new EventCounters(registry, KSERVE, "KServe payload-logger records", "KServe logger record(s)");
    }

    private static Counter counter(MeterRegistry registry, String name, String what, String outcome) {
        return Counter.builder(name)
                .description(what + " by outcome: sent, dropped (never left the process), failed (not delivered)")
                .tag("outcome", outcome)
                .register(registry);
    }

    void sent() {
        sent.increment();
    }

    void dropped(String reason) {
        dropped.increment();
        warnings.lost("dropped", reason);
    }

    void failed(String reason) {
        failed.increment();
        warnings.lost("failed", reason);
    }
}
