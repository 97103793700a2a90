package io.plumbline.serving.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.serving.http.V2Client;
import io.plumbline.testing.TopicReader;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * {@code plumbline.events.kafka.kserve-topic}: each prediction also reaches that topic (read back by an
 * independent consumer, read_committed, to its end offsets) as the two CloudEvents KServe's payload logger
 * sends: {@code org.kubeflow.serving.inference.request} carrying the V2 request's inputs and
 * {@code ...response} carrying the very outputs the client received, under one {@code ce_id} (the request
 * id; serving's assigned one for a request without), with the logger's extension headers. The native
 * topic still gets one event per prediction.
 */
@MicronautTest
class KServeLoggerTopicTest extends KafkaServingTest {
    private static final String KSERVE_TOPIC = "plumbline.kserve";

    @Override
    Map<String, String> moreProperties() {
        return Map.of("plumbline.events.kafka.kserve-topic", KSERVE_TOPIC,
                "plumbline.events.kafka.kserve-namespace", "prod");
    }

    @Test
    void eachPredictionIsARequestAndResponsePairInKServesShape() throws Exception {
        Map<String, JsonNode> sent = new TreeMap<>();
        Map<String, JsonNode> answered = new TreeMap<>();
        List<String> bodies = List.of(
                "{\"id\": \"ks-0\", \"inputs\": [{\"name\": \"features\", \"shape\": [1, 4], \"datatype\": \"FP32\", "
                        + "\"data\": [0.0, 13.3, 5.0, 3.1]}]}",
                "{\"id\": \"ks-1\", \"parameters\": {\"tenant\": \"acme\"}, \"inputs\": [{\"name\": \"features\", "
                        + "\"shape\": [2, 4], \"datatype\": \"FP32\", \"data\": [[20.5, 8.0, 4.0, 6.0], [1, 2, 3, 4]]}]}",
                "{\"inputs\": [{\"name\": \"features\", \"shape\": [1, 4], \"datatype\": \"FP32\", "
                        + "\"data\": [0.3, 10.0, 2.5, 1.5]}]}");
        for (String body : bodies) {
            V2Client.Reply r = client.post("/v2/models/weather/infer", body);
            assertEquals(200, r.status(), r.error());
            String id = r.json().get("id").asText();
            sent.put(id, V2Client.JSON.readTree(body));
            answered.put(id, r.json());
        }
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(kafka.bootstrapServers(), KSERVE_TOPIC,
                rs -> rs.size() >= 2 * bodies.size(), WAIT);
        assertEquals(2 * bodies.size(), records.size(), "two records per prediction");

        Map<String, Map<String, ConsumerRecord<String, byte[]>>> byId = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            Map<String, String> h = headers(r);
            assertEquals("weather", r.key());
            assertEquals("1.0", h.get("ce_specversion"));
            assertEquals("/plumbline/serving", h.get("ce_source"));
            assertEquals("weather", h.get("ce_inferenceservicename"));
            assertEquals("prod", h.get("ce_namespace"));
            assertEquals("predictor", h.get("ce_component"));
            assertEquals("application/json", h.get("content-type"));
            byId.computeIfAbsent(h.get("ce_id"), k -> new HashMap<>()).put(h.get("ce_type"), r);
        }
        assertEquals(sent.keySet(), new TreeMap<>(byId).keySet(), "one pair per request id, the assigned one too");
        for (String id : sent.keySet()) {
            Map<String, ConsumerRecord<String, byte[]>> pair = byId.get(id);
            JsonNode request = V2Client.JSON.readTree(pair.get("org.kubeflow.serving.inference.request").value());
            JsonNode response = V2Client.JSON.readTree(pair.get("org.kubeflow.serving.inference.response").value());
            JsonNode input = sent.get(id).get("inputs").get(0);
            JsonNode loggedInput = request.get("inputs").get(0);
            assertEquals(input.get("name"), loggedInput.get("name"));
            assertEquals(input.get("shape"), loggedInput.get("shape"));
            assertEquals(flat(input.get("data")), flat(loggedInput.get("data")), id);
            assertEquals(id, request.get("id").asText());
            if (sent.get(id).has("parameters")) {
                assertEquals(sent.get(id).get("parameters"), request.get("parameters"));
            }
            assertEquals(answered.get(id).get("outputs"), response.get("outputs"), id + ": the outputs the client got");
            assertEquals("weather", response.get("model_name").asText());
            assertEquals("1", response.get("model_version").asText());
        }
        List<ConsumerRecord<String, byte[]>> native_ = TopicReader.readAll(kafka.bootstrapServers(), TOPIC);
        assertEquals(bodies.size(), native_.size(), "the native topic keeps one event per prediction");
        assertTrue(sink instanceof KafkaEventSink);
    }

    private static List<Double> flat(JsonNode data) {
        List<Double> out = new ArrayList<>();
        if (data.isArray()) {
            data.forEach(d -> out.addAll(flat(d)));
        } else {
            out.add((double) (float) data.asDouble()); // FP32, as served
        }
        return out;
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> r) {
        Map<String, String> h = new HashMap<>();
        for (Header header : r.headers()) {
            h.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return h;
    }
}
