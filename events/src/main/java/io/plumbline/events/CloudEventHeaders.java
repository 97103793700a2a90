package io.plumbline.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * CloudEvents 1.0 attributes in Kafka binary content mode (the attributes travel as {@code ce_}
 * headers, the record value is the event data, the record key is the model name). Header values are
 * UTF-8 strings, as the Kafka protocol binding specifies. Consumers that only want predictions check
 * {@code ce_type}; {@link #requirePrediction} does that, and the rest, for records read from outside.
 */
public final class CloudEventHeaders {
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    /**
     * The distributed-tracing extension: the W3C {@code traceparent} of the request that produced the
     * event, so a consumer continues its trace (KServe's payload logger carries it the same way).
     */
    public static final String TRACEPARENT = "ce_traceparent";
    /** The distributed-tracing extension's vendor-specific part, the W3C {@code tracestate}; optional. */
    public static final String TRACESTATE = "ce_tracestate";
    /** The binding maps {@code datacontenttype} to the plain {@code content-type} header. */
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String PREDICTION_TYPE = "io.plumbline.prediction.v1";
    public static final String FEEDBACK_TYPE = "io.plumbline.feedback.v1";
    public static final String JSON = "application/json";
    /** The {@code content-type} of a prediction event with the {@link BinaryPredictionCodec} body. */
    public static final String PREDICTION_BINARY = "application/vnd.plumbline.prediction+binary";

    private CloudEventHeaders() {
    }

    /**
     * The headers of a prediction event, in a stable order. {@code ce_id} is the request id when the
     * client sent one (so an event can be traced to its request), else a random UUID.
     *
     * @param source the {@code ce_source} URI reference naming this producer
     */
    public static Map<String, String> forPrediction(PredictionEvent event, String source) {
        return forPrediction(event, source, EventFormat.JSON);
    }

    /** As {@link #forPrediction(PredictionEvent, String)}, with the {@code content-type} of {@code body}. */
    public static Map<String, String> forPrediction(PredictionEvent event, String source, EventFormat body) {
        return forPrediction(event, source, body, null);
    }

    /**
     * As {@link #forPrediction(PredictionEvent, String, EventFormat)}, plus {@link #TRACEPARENT} when the
     * request was traced ({@code traceparent} not null).
     */
    public static Map<String, String> forPrediction(PredictionEvent event, String source, EventFormat body,
            String traceparent) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(SPEC_VERSION, SPEC_VERSION_1_0);
        h.put(ID, event.requestId().isEmpty() ? UUID.randomUUID().toString() : event.requestId());
        h.put(SOURCE, source);
        h.put(TYPE, PREDICTION_TYPE);
        h.put(TIME, rfc3339(event.timestamp()));
        h.put(CONTENT_TYPE, body.contentType());
        if (traceparent != null) {
            h.put(TRACEPARENT, traceparent);
        }
        return h;
    }

    /**
     * The headers of a feedback record. {@code ce_id} is a random UUID: the request id names the
     * prediction, and several records (a correction, a resend) may be sent for one prediction.
     */
    public static Map<String, String> forFeedback(FeedbackRecord record, String source) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(SPEC_VERSION, SPEC_VERSION_1_0);
        h.put(ID, UUID.randomUUID().toString());
        h.put(SOURCE, source);
        h.put(TYPE, FEEDBACK_TYPE);
        h.put(TIME, rfc3339(record.time()));
        h.put(CONTENT_TYPE, JSON);
        return h;
    }

    /** RFC 3339 in UTC with a {@code Z}, as written in {@code ce_time} and the body's {@code timestamp}. */
    public static String rfc3339(Instant t) {
        return UtcTimestamp.format(t);
    }

    /**
     * Checks that headers read from a record describe a prediction event this code can read.
     *
     * @throws EventFormatException naming the header that is missing or unexpected
     */
    public static void requirePrediction(Map<String, byte[]> headers) {
        require(headers, PREDICTION_TYPE);
    }

    /** As {@link #requirePrediction}, for a feedback record ({@code ce_type} {@value #FEEDBACK_TYPE}). */
    public static void requireFeedback(Map<String, byte[]> headers) {
        require(headers, FEEDBACK_TYPE);
    }

    private static void require(Map<String, byte[]> headers, String type) {
        expect(headers, SPEC_VERSION, SPEC_VERSION_1_0);
        expect(headers, TYPE, type);
        byte[] contentType = headers.get(CONTENT_TYPE);
        if (contentType != null && type.equals(PREDICTION_TYPE)) {
            EventFormat.ofContentType(new String(contentType, StandardCharsets.UTF_8));
        } else if (contentType != null && !new String(contentType, StandardCharsets.UTF_8).startsWith(JSON)) {
            throw new EventFormatException("header " + CONTENT_TYPE, "expected " + JSON + ", got '"
                    + new String(contentType, StandardCharsets.UTF_8) + "'");
        }
        if (headers.get(ID) == null) {
            throw new EventFormatException("header " + ID, "is missing");
        }
    }

    private static void expect(Map<String, byte[]> headers, String name, String value) {
        byte[] actual = headers.get(name);
        if (actual == null) {
            throw new EventFormatException("header " + name, "is missing");
        }
        String text = new String(actual, StandardCharsets.UTF_8);
        if (!text.equals(value)) {
            throw new EventFormatException("header " + name, "expected '" + value + "', got '" + text + "'");
        }
    }
}
