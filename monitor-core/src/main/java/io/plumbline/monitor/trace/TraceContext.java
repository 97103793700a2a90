package io.plumbline.monitor.trace;

/**
 * A W3C Trace Context (Level 1) carried beside a prediction event: the {@code traceparent} of the request
 * that produced it and, when given, its {@code tracestate}. Built only by {@link #parse}, so a value of
 * this type is always well-formed.
 *
 * @param traceparent {@code version-traceid-parentid-flags} in lowercase hex, 55 characters (a future
 *     version's extra fields are cut off: what follows is not understood here)
 * @param tracestate the vendor list as received, or empty when absent or unusable
 */
public record TraceContext(String traceparent, String tracestate) {
    /** Vendors may rely on 512 characters of {@code tracestate} being propagated; more may be cut (W3C 3.3.1.5). */
    static final int MAX_TRACESTATE = 512;
    private static final int LENGTH = 55;

    public TraceContext {
        if (parse(traceparent) == null || tracestate == null) {
            throw new IllegalArgumentException("traceparent must be a W3C traceparent, was '" + traceparent + "'");
        }
    }

    /** The 32 hex digits that name the trace in Jaeger, Tempo and every OpenTelemetry backend. */
    public String traceId() {
        return traceparent.substring(3, 35);
    }

    /** Whether the request's spans were recorded (flag bit 0): a backend has only those traces. */
    public boolean sampled() {
        return (Character.digit(traceparent.charAt(54), 16) & 1) == 1;
    }

    /** The span id of the request's span (the consumer's parent). */
    public String spanId() {
        return traceparent.substring(36, 52);
    }

    /**
     * The context of a {@code traceparent} header, with {@code tracestate} kept when it is at most 512
     * printable ASCII characters (else dropped: the traceparent alone finds the trace).
     *
     * @return null when {@code traceparent} is null
     * @throws IllegalArgumentException when it is not W3C traceparent syntax: lowercase hex fields of 2, 32,
     *     16 and 2 digits separated by dashes, version not {@code ff}, trace id and parent id not all zeros
     */
    public static TraceContext of(String traceparent, String tracestate) {
        if (traceparent == null) {
            return null;
        }
        String valid = parse(traceparent);
        if (valid == null) {
            throw new IllegalArgumentException("not a W3C traceparent: '" + shortened(traceparent) + "'");
        }
        return new TraceContext(valid, usable(tracestate) ? tracestate : "");
    }

    /** The 55-character traceparent in {@code text}, or null when it is not one. */
    private static String parse(String text) {
        if (text == null || text.length() < LENGTH) {
            return null;
        }
        boolean version00 = text.startsWith("00");
        // Version 00 is exactly 55 characters; a later version may append fields after a dash.
        if (version00 ? text.length() != LENGTH : text.length() > LENGTH && text.charAt(LENGTH) != '-') {
            return null;
        }
        if (!hex(text, 0, 2) || text.startsWith("ff") || text.charAt(2) != '-' || !hex(text, 3, 35)
                || text.charAt(35) != '-' || !hex(text, 36, 52) || text.charAt(52) != '-' || !hex(text, 53, 55)
                || zeros(text, 3, 35) || zeros(text, 36, 52)) {
            return null;
        }
        return text.substring(0, LENGTH);
    }

    private static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static boolean usable(String tracestate) {
        if (tracestate == null || tracestate.isEmpty() || tracestate.length() > MAX_TRACESTATE) {
            return false;
        }
        for (int i = 0; i < tracestate.length(); i++) {
            char c = tracestate.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** A bad header is quoted in a log line: at most its first 64 characters. */
    private static String shortened(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
