package io.plumbline.monitor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code monitor.events} by outcome; one counter per outcome, created up front so all export from the start.
 * Beside them {@code monitor.trace.invalid}: events whose trace context was ignored as malformed (the event
 * itself is counted by its outcome as usual).
 */
public final class EventCounters {
    private final Map<EventOutcome, Counter> counters = new EnumMap<>(EventOutcome.class);
    private final Counter invalidTrace;

    public EventCounters(MeterRegistry registry) {
        for (EventOutcome o : EventOutcome.values()) {
            counters.put(o, Counter.builder("monitor.events").tag("outcome", o.tag())
                    .description("Prediction events read by the drift monitor, by outcome").register(registry));
        }
        invalidTrace = Counter.builder("monitor.trace.invalid")
                .description("Prediction events whose ce_traceparent was not a W3C traceparent (trace ignored)")
                .register(registry);
    }

    /** An event's traceparent was malformed and ignored. */
    public void invalidTrace() {
        invalidTrace.increment();
    }

    public double invalidTraces() {
        return invalidTrace.count();
    }

    public void increment(EventOutcome outcome) {
        counters.get(outcome).increment();
    }

    public double count(EventOutcome outcome) {
        return counters.get(outcome).count();
    }
}
