package io.plumbline.monitor.alert;

import io.plumbline.monitor.drift.Verdict;
import java.time.Instant;

/**
 * The pure alert rule. A drifted window extends the streak; any other window (no drift, or
 * insufficient data — "consecutive" means consecutive windows that showed drift) resets it. An alert
 * fires when the streak reaches {@link AlertPolicy#consecutive()} and the last alert is at least
 * {@link AlertPolicy#cooldown()} before {@code at}; while cooling down the streak keeps growing, so
 * drift that persists past the cooldown alerts again at the first window after it.
 */
public final class AlertDecision {
    private final AlertPolicy policy;

    public AlertDecision(AlertPolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("policy is required (AlertPolicy.defaults())");
        }
        this.policy = policy;
    }

    /** The next state and whether to alert now. */
    public record Step(AlertState state, boolean fire) {
    }

    /**
     * @param state state before this window
     * @param verdict the window's verdict for the feature
     * @param at the window's end (event time), not the wall clock, so replays decide the same
     */
    public Step next(AlertState state, Verdict verdict, Instant at) {
        if (state == null || verdict == null || at == null) {
            throw new IllegalArgumentException("state, verdict and time are required");
        }
        if (verdict != Verdict.DRIFT) {
            return new Step(new AlertState(0, state.lastAlert()), false);
        }
        int streak = state.streak() == Integer.MAX_VALUE ? Integer.MAX_VALUE : state.streak() + 1;
        boolean cooled = state.lastAlert() == null || !at.isBefore(state.lastAlert().plus(policy.cooldown()));
        boolean fire = streak >= policy.consecutive() && cooled;
        return new Step(new AlertState(streak, fire ? at : state.lastAlert()), fire);
    }
}
