package io.plumbline.events;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {
    private static final Instant T = Instant.parse("2025-03-01T12:00:00.5Z");

    private static PredictionEvent event(String id) {
        return new PredictionEvent("weather", "1", id, T, 3, Map.of(), List.of(), List.of());
    }

    @Test
    void prediction_headersInKafkaBinaryMode() {
        Map<String, String> h = CloudEventHeaders.forPrediction(event("req-1"), "/plumbline/serving");
        assertEquals(List.of("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "content-type"),
                List.copyOf(h.keySet()));
        assertEquals("1.0", h.get("ce_specversion"));
        assertEquals("req-1", h.get("ce_id"));
        assertEquals("/plumbline/serving", h.get("ce_source"));
        assertEquals("io.plumbline.prediction.v1", h.get("ce_type"));
        assertEquals("2025-03-01T12:00:00.500Z", h.get("ce_time"));
        assertEquals("application/json", h.get("content-type"));
    }

    @Test
    void noRequestId_getsAUuid() {
        String id = CloudEventHeaders.forPrediction(event(""), "s").get("ce_id");
        assertEquals(id, UUID.fromString(id).toString());
    }

    @Test
    void requirePrediction_acceptsOwnHeaders_refusesOthers() {
        Map<String, byte[]> h = bytes(CloudEventHeaders.forPrediction(event("r"), "s"));
        assertDoesNotThrow(() -> CloudEventHeaders.requirePrediction(h));

        Map<String, byte[]> otherType = new HashMap<>(h);
        otherType.put("ce_type", "io.plumbline.profile.v1".getBytes(StandardCharsets.UTF_8));
        EventFormatException e = assertThrows(EventFormatException.class,
                () -> CloudEventHeaders.requirePrediction(otherType));
        assertEquals("header ce_type", e.field());

        Map<String, byte[]> noVersion = new HashMap<>(h);
        noVersion.remove("ce_specversion");
        assertEquals("header ce_specversion", assertThrows(EventFormatException.class,
                () -> CloudEventHeaders.requirePrediction(noVersion)).field());
    }

    private static Map<String, byte[]> bytes(Map<String, String> h) {
        Map<String, byte[]> out = new HashMap<>();
        h.forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return out;
    }
}
