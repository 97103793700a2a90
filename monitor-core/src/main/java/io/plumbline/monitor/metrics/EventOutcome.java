package io.plumbline.monitor.metrics;

import java.util.Locale;

/** What became of an event the monitor read; the {@code outcome} tag of {@code monitor.events}. */
public enum EventOutcome {
    /** Counted into a window. */
    OK,
    /** Not decodable or of the wrong shape; skipped. */
    INVALID,
    /** No reference profile for its model and version; skipped. */
    UNKNOWN_MODEL,
    /** Its window had already closed (older than the grace period); skipped. */
    LATE;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
