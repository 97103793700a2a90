package io.plumbline.serving.inference;

/**
 * Why a request failed, independent of protocol. Each value knows its HTTP status and gRPC code
 * name so REST and gRPC report the same failure the same way.
 */
public enum Status {
    INVALID_ARGUMENT(400),
    NOT_FOUND(404),
    PAYLOAD_TOO_LARGE(413),
    RESOURCE_EXHAUSTED(429),
    INTERNAL(500),
    UNAVAILABLE(503);

    private final int httpStatus;

    Status(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code outcome} tag of {@code inference.requests}. */
    public String outcome() {
        return switch (this) {
            case INVALID_ARGUMENT, PAYLOAD_TOO_LARGE -> "bad_request";
            case NOT_FOUND -> "not_found";
            case RESOURCE_EXHAUSTED -> "rejected";
            case INTERNAL -> "error";
            case UNAVAILABLE -> "unavailable";
        };
    }
}
