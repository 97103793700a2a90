package io.plumbline.serving.security;

/**
 * A refusal as REST sends it, whichever route answers: the status, the {@code {"error": ...}}
 * message and at most one header ({@code WWW-Authenticate} on 401, {@code Retry-After} on 429).
 *
 * @param header the header's name, or null when the refusal carries none
 */
public record Refusal(int status, String message, String header, String headerValue) {
    static final String CHALLENGE = "Bearer realm=\"plumbline\"";

    static Refusal of(Denied d) {
        int status = switch (d.reason()) {
            case MISSING, INVALID, EXPIRED -> 401;
            case FORBIDDEN, DISABLED -> 403;
            case RATE_LIMITED -> 429;
        };
        if (d.reason() == Reason.MISSING) {
            return new Refusal(status, d.getMessage(), "WWW-Authenticate", CHALLENGE);
        }
        if (d.reason().unauthenticated()) {
            // RFC 6750: a credential was sent and is no good.
            return new Refusal(status, d.getMessage(), "WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
        }
        if (d.reason() == Reason.RATE_LIMITED) {
            return new Refusal(status, d.getMessage(), "Retry-After", Long.toString(d.retryAfterSeconds()));
        }
        return new Refusal(status, d.getMessage(), null, null);
    }
}
