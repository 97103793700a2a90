package io.plumbline.serving.inference;

import java.util.concurrent.CompletionException;

/**
 * A request that cannot be answered; the message names the offending field and is sent to the client.
 * Messages quote client input through {@link Quoted}; the cap here is the guard behind that, so no
 * message can outgrow an HTTP body or a gRPC status trailer.
 */
public final class InferenceException extends RuntimeException {
    static final int MAX_MESSAGE = 1024;

    private final Status status;

    public InferenceException(Status status, String message) {
        this(status, message, null);
    }

    public InferenceException(Status status, String message, Throwable cause) {
        super(cap(message), cause, false, false);
        this.status = status;
    }

    /**
     * What a future's failure is about: a stage that throws fails its dependents with a
     * {@link CompletionException} around the exception, which is the one to report.
     */
    public static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String cap(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message
                : message.substring(0, MAX_MESSAGE) + "…";
    }

    public static InferenceException invalid(String message) {
        return new InferenceException(Status.INVALID_ARGUMENT, message);
    }

    public Status status() {
        return status;
    }
}
