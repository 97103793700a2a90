package io.plumbline.monitor.alert;

import io.plumbline.monitor.drift.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link AlertDecision} with its state kept per (model, feature). Time comes from the injected clock
 * unless given explicitly. Not thread-safe: one tracker per monitor thread, or guard it.
 */
public final class AlertTracker {
    private final AlertDecision decision;
    private final Clock clock;
    private final Map<Key, AlertState> states = new HashMap<>();

    private record Key(String model, String feature) {
    }

    public AlertTracker(AlertPolicy policy, Clock clock) {
        if (clock == null) {
            throw new IllegalArgumentException("clock is required (Clock.systemUTC() in production)");
        }
        this.decision = new AlertDecision(policy);
        this.clock = clock;
    }

    /** Records a window's verdict at the clock's time; true when an alert should fire now. */
    public boolean observe(String model, String feature, Verdict verdict) {
        return observe(model, feature, verdict, clock.instant());
    }

    /** Records a window's verdict at {@code at}; true when an alert should fire now. */
    public boolean observe(String model, String feature, Verdict verdict, Instant at) {
        Key key = new Key(model, feature);
        AlertDecision.Step step = decision.next(states.getOrDefault(key, AlertState.INITIAL), verdict, at);
        states.put(key, step.state());
        return step.fire();
    }

    public AlertState state(String model, String feature) {
        return states.getOrDefault(new Key(model, feature), AlertState.INITIAL);
    }
}
