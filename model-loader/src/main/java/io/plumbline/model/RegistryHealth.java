package io.plumbline.model;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How the last polls of the model repository went: when one last succeeded, how many have failed
 * since, and why. A failed poll changes nothing that serves; this is what tells an operator that
 * new versions are not being picked up (an S3 endpoint down, credentials expired).
 */
public final class RegistryHealth {
    /**
     * @param lastSuccess when a poll last listed the repository, or null when none has yet
     * @param consecutiveFailures polls failed since then
     * @param lastError why the latest poll failed; empty when it succeeded
     */
    public record State(Instant lastSuccess, int consecutiveFailures, String lastError) {
        public boolean degraded() {
            return consecutiveFailures > 0;
        }
    }

    private final Clock clock;
    private final AtomicReference<State> state = new AtomicReference<>(new State(null, 0, ""));

    RegistryHealth(Clock clock) {
        this.clock = clock;
    }

    public State state() {
        return state.get();
    }

    void succeeded() {
        state.set(new State(clock.instant(), 0, ""));
    }

    void failed(String why) {
        state.updateAndGet(s -> new State(s.lastSuccess(), s.consecutiveFailures() + 1, why));
    }
}
