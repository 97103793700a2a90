package io.plumbline.monitor.alert;

import java.time.Instant;

/**
 * Alert state of one (model, feature).
 *
 * @param streak consecutive drifted windows up to now
 * @param lastAlert when the last alert fired, or null if none has
 */
public record AlertState(int streak, Instant lastAlert) {
    public static final AlertState INITIAL = new AlertState(0, null);

    public AlertState {
        if (streak < 0) {
            throw new IllegalArgumentException("streak must be >= 0, was " + streak);
        }
    }
}
