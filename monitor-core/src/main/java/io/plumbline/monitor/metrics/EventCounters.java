package io.plumbline.monitor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** {@code monitor.events} by outcome; one counter per outcome, created up front so all export from the start. */
public final class EventCounters {
    private final Map<EventOutcome, Counter> counters = new EnumMap<>(EventOutcome.class);

    public EventCounters(MeterRegistry registry) {
        for (EventOutcome o : EventOutcome.values()) {
            counters.put(o, Counter.builder("monitor.events").tag("outcome", o.tag())
                    .description("Prediction events read by the drift monitor, by outcome").register(registry));
        }
    }

    public void increment(EventOutcome outcome) {
        counters.get(outcome).increment();
    }

    public double count(EventOutcome outcome) {
        return counters.get(outcome).count();
    }
}
