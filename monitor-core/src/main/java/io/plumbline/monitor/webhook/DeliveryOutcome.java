package io.plumbline.monitor.webhook;

import java.util.Locale;

/** The {@code outcome} tag of {@code webhook.deliveries}. */
public enum DeliveryOutcome {
    /** The receiver answered 2xx. */
    DELIVERED,
    /** An attempt failed with 5xx, a timeout or a connection error and another will follow. */
    RETRIED,
    /** The receiver answered 4xx (or 3xx): the request itself is wrong, so it is not retried. */
    REJECTED,
    /** Every attempt of the budget failed. */
    FAILED,
    /** The dispatch queue was full; the alert was not sent to this target. */
    DROPPED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
