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
        return new WebhookPayload(id, json.bytes(root));
    }

    static String eventId(DriftAlert alert) {
        WindowResult w = alert.window();
        StringBuilder s = new StringBuilder().append(w.model()).append('\n').append(w.version()).append('\n')
                .append(w.start().toEpochMilli()).append('\n').append(w.end().toEpochMilli());
        for (FeatureDrift f : alert.features()) {
            s.append('\n').append(f.feature());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
