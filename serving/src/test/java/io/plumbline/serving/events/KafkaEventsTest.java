package io.plumbline.serving.events;

import io.plumbline.testing.TopicReader;
import io.plumbline.testing.Await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.CloudEventHeaders;
import io.plumbline.events.EventFormat;
import io.plumbline.events.EventTensor;
import io.plumbline.events.PredictionEvent;
import io.plumbline.events.PredictionEventCodec;
import io.plumbline.serving.http.V2Client;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Serving with the Kafka sink against a real broker (KRaft, started here on free loopback ports): every
 * answered prediction becomes exactly one CloudEvent whose body matches the request and the response,
 * readable by an independent client (kcat) and by the strict decoder, whatever the tensors held.
 */
@MicronautTest
class KafkaEventsTest extends KafkaServingTest {

    private final PredictionEventCodec json = new PredictionEventCodec();

    @Override
    Map<String, String> moreProperties() {
        return Map.of("plumbline.events.kafka.partitions", "3", "plumbline.events.max-tensor-elements", "1000");
    }

    @Test
    void concurrentPredictions_acrossTwoModels_giveExactlyOneMatchingEventEach() throws Exception {
        int n = 240;
        Map<String, Exchange> sent = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                calls.add(clients.submit(() -> {
                    String model = k % 2 == 0 ? "weather" : "id_int64";
                    String id = "c-" + k;
                    String body = model.equals("weather") ? weatherRequest(id, new Random(k)) : int64Request(id, k);
                    V2Client.Reply r = client.post("/v2/models/" + model + "/infer", body);
                    assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
                    sent.put(id, new Exchange(model, read(body), r.json()));
                    return null;
                }));
            }
            for (Future<?> f : calls) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }

        // Once every request's event was seen, on to the end offsets: a duplicate already written shows too.
        Map<String, List<ConsumerRecord<String, byte[]>>> byId = TopicReader.readUntil(kafka.bootstrapServers(), TOPIC,
                        rs -> ids(rs, "c-").size() >= n, WAIT)
                .stream().filter(r -> header(r, CloudEventHeaders.ID).startsWith("c-"))
                .collect(Collectors.groupingBy(r -> header(r, CloudEventHeaders.ID)));
        assertEquals(sent.keySet(), byId.keySet());
        for (Map.Entry<String, List<ConsumerRecord<String, byte[]>>> e : byId.entrySet()) {
            assertEquals(1, e.getValue().size(), "events for request " + e.getKey());
            assertMatches(sent.get(e.getKey()), e.getValue().get(0));
        }
    }

    @Test
    void kcat_readsKeyCloudEventHeadersAndBody() throws Exception {
        for (int k = 0; k < 3; k++) {
            assertEquals(200, client.post("/v2/models/weather/infer", weatherRequest("kcat-" + k, new Random(k)))
                    .status());
        }
        TopicReader.readUntil(kafka.bootstrapServers(), TOPIC, rs -> ids(rs, "kcat-").size() == 3, WAIT);

        // A binary body would break the lines: kcat prints its size instead, checked against the topic's record.
        List<String> lines = kcat("-b", kafka.bootstrapServers(), "-t", TOPIC, "-C", "-o", "beginning", "-e", "-q",
                "-f", "%k\\t%h\\t" + (format() == EventFormat.JSON ? "%s" : "%S") + "\\n");
        Map<String, String[]> byId = new LinkedHashMap<>();
        for (String line : lines) {
            String[] cols = line.split("\t", 3);
            assertEquals(3, cols.length, "kcat line: " + line);
            Map<String, String> headers = kcatHeaders(cols[1]);
            if (headers.getOrDefault("ce_id", "").startsWith("kcat-")) {
                assertNull(byId.put(headers.get("ce_id"), cols), "kcat read two events for " + headers.get("ce_id"));
                assertEquals("1.0", headers.get("ce_specversion"));
                assertEquals("io.plumbline.prediction.v1", headers.get("ce_type"));
                assertEquals("/plumbline/serving", headers.get("ce_source"));
                assertEquals(format().contentType(), headers.get("content-type"));
                Instant.parse(headers.get("ce_time"));
            }
        }
        assertEquals(Set.of("kcat-0", "kcat-1", "kcat-2"), byId.keySet());
        Map<String, ConsumerRecord<String, byte[]>> records = TopicReader.readAll(kafka.bootstrapServers(), TOPIC)
                .stream().collect(Collectors.toMap(r -> header(r, CloudEventHeaders.ID), r -> r, (a, b) -> b));
        for (Map.Entry<String, String[]> e : byId.entrySet()) {
            assertEquals("weather", e.getValue()[0], "record key");
            ConsumerRecord<String, byte[]> record = records.get(e.getKey());
            JsonNode body = format() == EventFormat.JSON ? read(e.getValue()[2]) : asJson(record);
            if (format() == EventFormat.BINARY) {
                assertEquals(record.value().length, Integer.parseInt(e.getValue()[2]), "body size");
            }
            assertEquals("weather", body.get("model").asText());
            assertEquals(e.getKey(), body.get("id").asText());
            assertEquals("[1,4]", body.get("inputs").get(0).get("shape").toString());
            assertEquals(5, body.get("outputs").get(0).get("data").size());
        }
    }

    @Test
    void nonFiniteOversizedAndEscapedTensors_giveReadableEvents_andFailedRequestsNone() throws Exception {
        String nonFinite = "{\"id\":\"odd-nan\",\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\","
                + "\"data\":[NaN,Infinity,-Infinity]}]}";
        assertEquals(200, client.post("/v2/models/id_fp32/infer", nonFinite).status());
        StringBuilder big = new StringBuilder("{\"id\":\"odd-big\",\"inputs\":[{\"name\":\"x\",\"shape\":[2,1000],"
                + "\"datatype\":\"FP32\",\"data\":[");
        for (int i = 0; i < 2000; i++) {
            big.append(i == 0 ? "" : ",").append(i);
        }
        assertEquals(200, client.post("/v2/models/id_fp32/infer", big.append("]}]}").toString()).status());
        // BYTES that JSON must escape, sent raw through the binary extension.
        String awkward = "quote\" backslash\\ tab\t newline\n control\u0001 \u00e9\ud83d\ude00";
        assertEquals(200, postBytes("odd-bytes", awkward.getBytes(StandardCharsets.UTF_8)).status());
        // Not UTF-8: ONNX Runtime refuses it, so the request fails and publishes nothing.
        assertEquals(500, postBytes("odd-not-utf8", new byte[] {(byte) 0xC3, (byte) 0x28}).status());
        String wrongType = "{\"id\":\"odd-rejected\",\"inputs\":[{\"name\":\"x\",\"shape\":[1,1],\"datatype\":\"INT64\","
                + "\"data\":[1]}]}";
        assertEquals(400, client.post("/v2/models/id_fp32/infer", wrongType).status());
        assertEquals(200, client.post("/v2/models/id_fp32/infer", "{\"id\":\"odd-last\",\"inputs\":[{\"name\":\"x\","
                + "\"shape\":[1,1],\"datatype\":\"FP32\",\"data\":[1]}]}").status());

        Set<String> published = Set.of("odd-nan", "odd-big", "odd-bytes", "odd-last");
        TopicReader.readUntil(kafka.bootstrapServers(), TOPIC, rs -> ids(rs, "odd-").containsAll(published), WAIT);
        Map<String, PredictionEvent> events = new HashMap<>();
        // Every record in the topic, from every test so far, passes the strict decoder.
        for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(kafka.bootstrapServers(), TOPIC)) {
            CloudEventHeaders.requirePrediction(headers(r));
            PredictionEvent e = decode(r);
            assertEquals(r.key(), e.model());
            // Every successful request in this class carries its own id: one event each.
            assertNull(events.put(e.requestId(), e), "two events for request '" + e.requestId() + "'");
        }
        assertEquals(published, events.keySet().stream().filter(id -> id.startsWith("odd-")).collect(Collectors.toSet()));
        assertFalse(events.containsKey("odd-rejected"), "a rejected request publishes no event");
        assertFalse(events.containsKey("odd-not-utf8"), "a failed request publishes no event");

        EventTensor nan = events.get("odd-nan").outputs().get(0);
        assertTrue(Float.isNaN(nan.data().orElseThrow().getFloat(0)));
        assertEquals(Float.NEGATIVE_INFINITY, nan.data().orElseThrow().getFloat(2));

        EventTensor in = events.get("odd-big").inputs().get(0);
        assertTrue(in.truncated());
        assertArrayEquals(new long[] {2, 1000}, in.shape());
        assertEquals(2000, in.summary().orElseThrow().count());
        assertEquals(1999.0, in.summary().orElseThrow().max());
        assertEquals(999.5, in.summary().orElseThrow().mean());
        assertEquals(16, in.summary().orElseThrow().head().elementCount());
        assertTrue(events.get("odd-big").outputs().get(0).truncated());

        EventTensor bytes = events.get("odd-bytes").outputs().get(0);
        assertEquals(awkward, new String(bytes.data().orElseThrow().string(0), StandardCharsets.UTF_8));
    }

    @Test
    void referenceProfile_isPublishedToTheCompactedTopic() throws Exception {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(kafka.bootstrapServers(),
                "plumbline.profiles", rs -> !rs.isEmpty(), WAIT);
        assertEquals(1, records.size(), "only weather has a profile");
        assertEquals("weather:1", records.get(0).key());
        // Published as the file is: its content is the profile format's business, not the publisher's.
        assertArrayEquals(java.nio.file.Files.readAllBytes(EventsRepository.DEMO_PROFILE), records.get(0).value());
        assertEquals("application/json", header(records.get(0), CloudEventHeaders.CONTENT_TYPE));

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "plumbline.profiles");
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertEquals("compact", config.get("cleanup.policy").value());
            assertEquals(3, admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().size());
        }
    }

    @Test
    void close_flushesPendingEvents() {
        String topic = "plumbline.shutdown-check";
        // A long linger keeps the events in the producer's buffer until close() flushes them.
        KafkaEventsConfig config = new KafkaEventsConfig(kafka.bootstrapServers(), topic, "plumbline.shutdown-profiles",
                "plumbline.shutdown-feedback", null, "default",
                true, 1, (short) 1, 1 << 20, Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(10), Map.of());
        KafkaEventSink own = new KafkaEventSink(config, "/test", format(),
                new EventCounters(new SimpleMeterRegistry()), EventCounters.feedback(new SimpleMeterRegistry()), null);
        Await.until(own::ready, WAIT, () -> "sink not connected");
        for (int i = 0; i < 50; i++) {
            own.offer(new PredictionEvent("m", "1", "flush-" + i, Instant.now(), 1, Map.of(), List.of(), List.of()));
        }
        own.close();
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(kafka.bootstrapServers(), topic);
        assertEquals(50, records.size(), "records in " + topic);
        assertEquals(50, ids(records, "flush-").size(), "distinct events");
    }

    /**
     * The event as a JSON tree: the JSON body as it is, a binary one decoded and written as JSON, so both
     * are checked against the request and response field by field.
     */
    private JsonNode asJson(ConsumerRecord<String, byte[]> r) throws IOException {
        PredictionEvent e = decode(r);
        return read(format() == EventFormat.JSON ? r.value() : json.encode(e));
    }

    /** One BYTES element through the binary extension to the identity model. */
    private V2Client.Reply postBytes(String id, byte[] element) {
        byte[] raw = java.nio.ByteBuffer.allocate(4 + element.length).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(element.length).put(element).array();
        byte[] header = ("{\"id\":\"" + id + "\",\"inputs\":[{\"name\":\"x\",\"shape\":[1,1],\"datatype\":\"BYTES\","
                + "\"parameters\":{\"binary_data_size\":" + raw.length + "}}]}").getBytes(StandardCharsets.UTF_8);
        byte[] body = java.util.Arrays.copyOf(header, header.length + raw.length);
        System.arraycopy(raw, 0, body, header.length, raw.length);
        return client.post("/v2/models/id_bytes/infer", body, Map.of("Inference-Header-Content-Length",
                Integer.toString(header.length), "Content-Type", "application/octet-stream"));
    }

    private void assertMatches(Exchange sent, ConsumerRecord<String, byte[]> record) throws IOException {
        assertEquals(sent.model, record.key());
        CloudEventHeaders.requirePrediction(headers(record));
        JsonNode event = asJson(record);
        assertEquals(sent.model, event.get("model").asText());
        assertEquals("1", event.get("version").asText());
        assertEquals(sent.request.get("id"), event.get("id"));
        assertTrue(event.get("latency_us").asLong() > 0);
        assertEquals(header(record, CloudEventHeaders.TIME), event.get("timestamp").asText());
        assertTensors(sent.request.get("inputs"), event.get("inputs"));
        assertTensors(sent.response.get("outputs"), event.get("outputs"));
    }

    /** Same names, datatypes, shapes and values; values compared as JSON nodes, so INT64 exactly. */
    private static void assertTensors(JsonNode expected, JsonNode actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            for (String field : List.of("name", "datatype", "shape", "data")) {
                assertEquals(expected.get(i).get(field), actual.get(i).get(field), field);
            }
        }
    }

    /** Float values written in Java's shortest form, so the event's float text is the request's. */
    static String weatherRequest(String id, Random random) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            data.append(i == 0 ? "" : ",").append(Float.toString(random.nextInt(3000) / 100f));
        }
        return "{\"id\":\"" + id + "\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
                + "\"data\":[" + data + "]}]}";
    }

    /** Values beyond 2^53, which a double would round. */
    private static String int64Request(String id, int k) {
        return "{\"id\":\"" + id + "\",\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"INT64\",\"data\":["
                + ((1L << 53) + k) + "," + (Long.MIN_VALUE + k) + "," + -k + "]}]}";
    }

    private static Set<String> ids(List<ConsumerRecord<String, byte[]>> records, String prefix) {
        return records.stream().map(r -> header(r, CloudEventHeaders.ID)).filter(id -> id.startsWith(prefix))
                .collect(Collectors.toSet());
    }

    static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, byte[]> headers(ConsumerRecord<?, ?> r) {
        Map<String, byte[]> out = new HashMap<>();
        r.headers().forEach(h -> out.put(h.key(), h.value()));
        return out;
    }

    private static Map<String, String> kcatHeaders(String csv) {
        Map<String, String> out = new HashMap<>();
        for (String pair : csv.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return out;
    }

    static List<String> kcat(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kcat"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("kcat is not installed (Debian: apt-get install kcat; CI installs it)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kcat did not finish");
        assertEquals(0, p.exitValue(), "kcat exit status");
        return out.lines().filter(l -> !l.isEmpty()).toList();
    }

    private static JsonNode read(String json) throws IOException {
        return V2Client.JSON.readTree(json);
    }

    private static JsonNode read(byte[] json) throws IOException {
        return V2Client.JSON.readTree(json);
    }

    private record Exchange(String model, JsonNode request, JsonNode response) {
    }
}
