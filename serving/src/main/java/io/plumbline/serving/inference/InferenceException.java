package io.plumbline.serving.inference;

/** A request that cannot be answered; the message names the offending field and is sent to the client. */
public final class InferenceException extends RuntimeException {
    private final Status status;

    public InferenceException(Status status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public InferenceException(Status status, String message, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
    }

    public static InferenceException invalid(String message) {
        return new InferenceException(Status.INVALID_ARGUMENT, message);
    }

    public Status status() {
        return status;
    }
}
