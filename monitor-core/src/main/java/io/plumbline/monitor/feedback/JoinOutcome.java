package io.plumbline.monitor.feedback;

import java.util.Locale;

/**
 * What became of a feedback record; each ends as exactly one of these (a record waiting for its
 * prediction has no outcome yet). The {@code outcome} tag of {@code monitor.feedback}.
 */
public enum JoinOutcome {
    /** Paired with its prediction (before or after the prediction arrived). */
    MATCHED,
    /** Its prediction already had feedback, or another record for it is already waiting: ignored. */
    DUPLICATE,
    /** Its time is more than the join window after its prediction's: ignored. */
    LATE,
    /** No prediction with its id arrived within the join window (an unknown id, or one already expired). */
    UNMATCHED,
    /** The record could not be decoded (not a feedback record): skipped, never joined. */
    INVALID;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
