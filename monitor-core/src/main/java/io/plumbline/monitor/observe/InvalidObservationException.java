package io.plumbline.monitor.observe;

/** An event that cannot be counted (bad shape, missing model); the monitor counts it as invalid and skips it. */
public final class InvalidObservationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidObservationException(String message) {
        super(message);
    }

    public InvalidObservationException(String message, Throwable cause) {
        super(message, cause);
    }
}
