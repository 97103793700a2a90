package io.plumbline.serving.security;

/**
 * A refusal, thrown by {@link Authorizer} and turned into a status by the REST filter and the gRPC
 * interceptor. No stack trace: it is an answer, not a fault, and refusals can come in floods.
 */
final class Denied extends RuntimeException {
    private final Reason reason;
    private final long retryAfterSeconds;

    Denied(Reason reason, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    Reason reason() {
        return reason;
    }

    /** Whole seconds until a rate-limited key has a token again (0 for other reasons). */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
