package io.plumbline.monitor.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.monitor.drift.FeatureDrift;
import io.plumbline.monitor.result.DriftJson;
import io.plumbline.monitor.result.WindowResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The webhook body and its event id. The id is a digest of model, version, window bounds and the
 * alerting features, so a redelivery, a retry or a monitor replaying the same window after a restart
 * sends the same id and receivers can deduplicate on it.
 */
public record WebhookPayload(String eventId, byte[] body) {
    public static final String TYPE = "io.plumbline.drift.alert";
    public static final String PERFORMANCE_TYPE = "io.plumbline.performance.alert";

    public static WebhookPayload of(DriftAlert alert, DriftJson json) {
        WindowResult w = alert.window();
        String id = eventId(alert);
        ObjectNode root = json.mapper().createObjectNode();
        root.put("eventId", id);
        root.put("type", TYPE);
        root.put("model", w.model());
        root.put("version", w.version());
        root.set("window", json.window(w));
        ArrayNode features = json.features(alert.features());
        root.set("driftedFeatures", features);
        json.trace(root, w.counts());
        return new WebhookPayload(id, json.bytes(root));
    }

    /**
     * The body of a performance alert: as a drift alert's, with {@code type} {@value #PERFORMANCE_TYPE} and
     * {@code breaches} (metric, value, threshold, labelled) in place of {@code driftedFeatures}.
     */
    public static WebhookPayload of(PerformanceAlert alert, DriftJson json) {
        WindowResult w = alert.window();
        StringBuilder key = new StringBuilder(PERFORMANCE_TYPE);
        alert.breaches().forEach(b -> key.append('\n').append(b.metric()));
        String id = digest(w, key.toString());
        ObjectNode root = json.mapper().createObjectNode();
        root.put("eventId", id);
        root.put("type", PERFORMANCE_TYPE);
        root.put("model", w.model());
        root.put("version", w.version());
        root.set("window", json.window(w));
        ArrayNode breaches = root.putArray("breaches");
        for (PerformanceAlert.Breach b : alert.breaches()) {
            breaches.addObject().put("metric", b.metric()).put("value", b.value()).put("threshold", b.threshold())
                    .put("labelled", b.labelled());
        }
        json.trace(root, w.counts());
        return new WebhookPayload(id, json.bytes(root));
    }

    static String eventId(DriftAlert alert) {
        StringBuilder features = new StringBuilder();
        for (FeatureDrift f : alert.features()) {
            features.append('\n').append(f.feature());
        }
        return digest(alert.window(), features.toString());
    }

    /** A digest of the window's model, version and bounds, then {@code rest}. */
    private static String digest(WindowResult w, String rest) {
        StringBuilder s = new StringBuilder().append(w.model()).append('\n').append(w.version()).append('\n')
                .append(w.start().toEpochMilli()).append('\n').append(w.end().toEpochMilli()).append(rest);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
