package io.plumbline.events;

/**
 * A prediction event or feedback record that cannot be read, naming the offending field. Raised by the
 * decoders on records from outside, so the message says exactly what was wrong and where.
 */
public final class EventFormatException extends RuntimeException {
    private final String field;

    public EventFormatException(String field, String reason) {
        this(field, reason, null);
    }

    public EventFormatException(String field, String reason, Throwable cause) {
        this("prediction event", field, reason, cause);
    }

    /** @param subject what could not be read, such as {@code feedback record}; starts the message */
    public EventFormatException(String subject, String field, String reason, Throwable cause) {
        super(subject + ": " + field + ": " + reason, cause);
        this.field = field;
    }

    /** JSON path of the offending field, such as {@code outputs[0].data[3]}, or {@code (document)}. */
    public String field() {
        return field;
    }
}
