package io.plumbline.events;

import java.util.Locale;

/**
 * The two bodies a prediction event can have. The {@code ce_*} headers are the same for both; the
 * record's {@code content-type} header says which body follows, so a reader never has to guess and one
 * topic may hold both (during a rolling change of {@code plumbline.events.format}).
 */
public enum EventFormat {
    /** {@link PredictionEventCodec}: readable with any JSON tool; the default. */
    JSON(CloudEventHeaders.JSON),
    /** {@link BinaryPredictionCodec}: tensors as raw little-endian bytes, no number printing or parsing. */
    BINARY(CloudEventHeaders.PREDICTION_BINARY);

    /** values() copies its array on every call; ofContentType runs for every event the monitor reads. */
    private static final EventFormat[] ALL = values();

    private final String contentType;

    EventFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The value of the record's {@code content-type} header. */
    public String contentType() {
        return contentType;
    }

    /** {@code json} or {@code binary}, as {@code plumbline.events.format} spells it. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format a {@code content-type} header names; a missing header means JSON (records written by
     * other tools carry none). Parameters after {@code ;} (a charset) are ignored.
     *
     * @throws EventFormatException naming the header when it names neither format
     */
    public static EventFormat ofContentType(String header) {
        if (header == null) {
            return JSON;
        }
        int semicolon = header.indexOf(';');
        String type = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
        for (EventFormat f : ALL) {
            if (f.contentType.equalsIgnoreCase(type)) {
                return f;
            }
        }
        throw new EventFormatException("header " + CloudEventHeaders.CONTENT_TYPE, "expected "
                + CloudEventHeaders.JSON + " or " + CloudEventHeaders.PREDICTION_BINARY + ", got '"
                + TensorJson.abbreviate(header) + "'");
    }
}
