package io.plumbline.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A prediction in the shape KServe's payload logger gives it, so consumers built for KServe read it
 * unchanged: two CloudEvents (binary mode), {@value #REQUEST_TYPE} with the V2 request body and
 * {@value #RESPONSE_TYPE} with the V2 response body, sharing {@code ce_id} (the request id, as KServe's
 * logger carries it) and the logger's extension attributes {@code inferenceservicename} (the model),
 * {@code namespace}, {@code component} and {@code endpoint}. Tensors over the event size limits are
 * written as in the native format (a {@code "truncated": true} tensor with a {@code summary} instead of
 * {@code data}); KServe's logger would copy the raw body, which serving does not keep. Thread-safe.
 */
public final class KServeLoggerEvents {
    public static final String REQUEST_TYPE = "org.kubeflow.serving.inference.request";
    public static final String RESPONSE_TYPE = "org.kubeflow.serving.inference.response";
    public static final String SERVICE = "ce_inferenceservicename";
    public static final String NAMESPACE = "ce_namespace";
    public static final String COMPONENT = "ce_component";
    public static final String ENDPOINT = "ce_endpoint";

    private final JsonFactory json = new JsonFactory();
    private final String source;
    private final String namespace;

    /**
     * @param source {@code ce_source}, naming this producer
     * @param namespace {@code ce_namespace}: the namespace KServe would name (the deployment's)
     */
    public KServeLoggerEvents(String source, String namespace) {
        this.source = source;
        this.namespace = namespace;
    }

    /** The headers of one of the pair; both share the id, the request's id or, without one, a new UUID. */
    public Map<String, String> headers(PredictionEvent event, String type, String id) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        h.put(CloudEventHeaders.ID, id);
        h.put(CloudEventHeaders.SOURCE, source);
        h.put(CloudEventHeaders.TYPE, type);
        h.put(CloudEventHeaders.TIME, CloudEventHeaders.rfc3339(event.timestamp()));
        h.put(SERVICE, event.model());
        h.put(NAMESPACE, namespace);
        h.put(COMPONENT, "predictor");
        h.put(ENDPOINT, "");
        h.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return h;
    }

    /** The id both events of a prediction carry. */
    public static String id(PredictionEvent event) {
        return event.requestId().isEmpty() ? UUID.randomUUID().toString() : event.requestId();
    }

    /** The V2 request body: {@code id}, {@code parameters} when sent, {@code inputs}. */
    public byte[] request(PredictionEvent event) {
        return write(g -> {
            g.writeStringField("id", event.requestId());
            if (!event.parameters().isEmpty()) {
                g.writeFieldName("parameters");
                PredictionEventCodec.writeValue(g, event.parameters(), 0);
            }
            PredictionEventCodec.writeTensors(g, "inputs", event.inputs());
        });
    }

    /** The V2 response body: {@code model_name}, {@code model_version}, {@code id}, {@code outputs}. */
    public byte[] response(PredictionEvent event) {
        return write(g -> {
            g.writeStringField("model_name", event.model());
            g.writeStringField("model_version", event.version());
            g.writeStringField("id", event.requestId());
            PredictionEventCodec.writeTensors(g, "outputs", event.outputs());
        });
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private byte[] write(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a KServe logger event", e);
        }
        return out.toByteArray();
    }
}
