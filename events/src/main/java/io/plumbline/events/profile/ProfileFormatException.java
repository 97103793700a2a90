package io.plumbline.events.profile;

/** A reference profile file that cannot be used, with the file and the offending field named. */
public final class ProfileFormatException extends RuntimeException {
    private final String source;
    private final String field;

    public ProfileFormatException(String source, String field, String reason, Throwable cause) {
        super("reference profile " + source + ": field " + field + ": " + reason, cause);
        this.source = source;
        this.field = field;
    }

    /** The file (or stream description) that was read. */
    public String source() {
        return source;
    }

    /** JSON path of the offending field, such as {@code features[2].numeric.edges}, or {@code (document)}. */
    public String field() {
        return field;
    }
}
