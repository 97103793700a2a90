package io.plumbline.serving.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.plumbline.events.CloudEventHeaders;
import io.plumbline.events.FeedbackRecord;
import io.plumbline.events.FeedbackRecordCodec;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.InferTensorContents;
import io.plumbline.serving.grpc.v2.ModelInferRequest;
import io.plumbline.serving.grpc.v2.ModelInferResponse;
import io.plumbline.serving.http.V2Client;
import io.plumbline.testing.Await;
import io.plumbline.testing.TopicReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Feedback with the Kafka sink against a real broker: every record a 202 accepted is on
 * {@code plumbline.feedback} exactly once (the topic read to its end offsets, read_committed), as the
 * body said, keyed by model so that it lands on the partition its model's predictions land on; and a
 * prediction asked for without an id (REST and gRPC) is answered with one that its event carries.
 */
@MicronautTest
class KafkaFeedbackTest extends KafkaServingTest {
    private static final String FEEDBACK = "plumbline.feedback";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FeedbackRecordCodec codec = new FeedbackRecordCodec();

    @Override
    Map<String, String> moreProperties() {
        return Map.of("plumbline.events.kafka.partitions", "3");
    }

    @Test
    void acceptedFeedback_isOnTheFeedbackTopicExactlyOnce_onItsModelsPredictionPartition() {
        // What the client sent, kept by id: one single record, a batch of 40 labels, a batch of 9 targets.
        Map<String, FeedbackRecord> sent = new HashMap<>();
        Instant t = Instant.parse("2025-03-02T08:00:00Z");
        assertEquals(202, client.post("/v2/models/weather/feedback",
                "{\"id\":\"fb-single\",\"label\":\"fog\",\"version\":\"1\",\"time\":\"2025-03-02T08:00:00Z\"}").status());
        sent.put("fb-single", FeedbackRecord.ofLabel("weather", "1", "fb-single", "fog", 1, t));
        String[] labels = {"drizzle", "fog", "rain", "snow", "sun"};
        StringBuilder batch = new StringBuilder("{\"feedback\":[");
        for (int i = 0; i < 40; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"id\":\"fb-").append(i).append("\",\"label\":")
                    .append(i % 2 == 0 ? "\"" + labels[i % 5] + "\"" : Integer.toString(i % 5))
                    .append(",\"time\":\"2025-03-02T08:00:00Z\"}");
            sent.put("fb-" + i, FeedbackRecord.ofLabel("weather", "", "fb-" + i, labels[i % 5], i % 5, t));
        }
        V2Client.Reply accepted = client.post("/v2/models/weather/feedback", batch.append("]}").toString());
        assertEquals(202, accepted.status(), new String(accepted.body(), StandardCharsets.UTF_8));
        assertEquals(40, accepted.json().get("accepted").asInt());
        StringBuilder targets = new StringBuilder("{\"feedback\":[");
        for (int i = 0; i < 9; i++) {
            targets.append(i == 0 ? "" : ",").append("{\"id\":\"tg-").append(i).append("\",\"target\":").append(i * 0.5)
                    .append(",\"time\":\"2025-03-02T08:00:00Z\"}");
            sent.put("tg-" + i, FeedbackRecord.ofTarget("id_fp32", "", "tg-" + i, i * 0.5, t));
        }
        assertEquals(202, client.post("/v2/models/id_fp32/feedback", targets.append("]}").toString()).status());
        assertEquals(400, client.post("/v2/models/weather/feedback", "{\"id\":\"fb-bad\",\"label\":\"hail\"}").status());

        // To the end offsets once all 50 are seen: a duplicate or the refused record would show.
        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(kafka.bootstrapServers(), FEEDBACK, sent.size(),
                WAIT);
        assertEquals(sent.size(), records.size(), "records on " + FEEDBACK);
        Map<String, Integer> feedbackPartition = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            CloudEventHeaders.requireFeedback(headers(r));
            FeedbackRecord got = codec.decode(r.value());
            assertEquals(sent.get(got.requestId()), got, "record for " + got.requestId());
            assertEquals(got.model(), r.key());
            assertEquals(t.toEpochMilli(), r.timestamp(), "record timestamp: the feedback's time");
            assertEquals("io.plumbline.feedback.v1", header(r, CloudEventHeaders.TYPE));
            seen.add(got.requestId());
            Integer before = feedbackPartition.put(r.key(), r.partition());
            assertEquals(before == null ? r.partition() : before, r.partition(), "one partition per model");
        }
        assertEquals(new TreeSet<>(sent.keySet()), new TreeSet<>(seen));

        // The producer's own tally of acknowledged sends, as Prometheus reads it.
        Await.until(() -> feedbackSent() == sent.size(), WAIT,
                () -> "prediction_feedback_total{outcome=sent} is " + feedbackSent() + ", not " + sent.size());

        // Predictions for the same models land on the same partitions (both topics have 3).
        for (String model : List.of("weather", "id_fp32")) {
            String id = "part-" + model;
            String body = model.equals("weather")
                    ? "{\"id\":\"" + id + "\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
                            + "\"data\":[1,10,3,2]}]}"
                    : "{\"id\":\"" + id + "\",\"inputs\":[{\"name\":\"x\",\"shape\":[1,1],\"datatype\":\"FP32\",\"data\":[1]}]}";
            assertEquals(200, client.post("/v2/models/" + model + "/infer", body).status());
        }
        Map<String, Integer> predictionPartition = new HashMap<>();
        TopicReader.readUntil(kafka.bootstrapServers(), TOPIC, rs -> {
            rs.stream().filter(r -> header(r, CloudEventHeaders.ID).startsWith("part-"))
                    .forEach(r -> predictionPartition.put(r.key(), r.partition()));
            return predictionPartition.size() == 2;
        }, WAIT);
        assertEquals(feedbackPartition, predictionPartition);
    }

    @Test
    void predictionsWithoutAnId_getOne_andTheirEventCarriesIt_restAndGrpc() throws Exception {
        V2Client.Reply rest = client.post("/v2/models/weather/infer", "{\"inputs\":[{\"name\":\"features\","
                + "\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,10,3,2]}]}");
        assertEquals(200, rest.status());
        String restId = rest.json().get("id").asText();
        UUID.fromString(restId);

        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        String grpcId;
        try {
            ModelInferResponse r = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .modelInfer(ModelInferRequest.newBuilder().setModelName("weather")
                            .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("features")
                                    .setDatatype("FP32").addShape(1).addShape(4)
                                    .setContents(InferTensorContents.newBuilder().addFp32Contents(1)
                                            .addFp32Contents(10).addFp32Contents(3).addFp32Contents(2)))
                            .build());
            grpcId = r.getId();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        UUID.fromString(grpcId);
        assertNotEquals(restId, grpcId);

        Set<String> wanted = Set.of(restId, grpcId);
        Map<String, Integer> byBodyId = new HashMap<>();
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(kafka.bootstrapServers(), TOPIC,
                rs -> rs.stream().filter(r -> wanted.contains(header(r, CloudEventHeaders.ID))).count() >= 2, WAIT);
        for (ConsumerRecord<String, byte[]> r : records) {
            if (wanted.contains(header(r, CloudEventHeaders.ID))) {
                JsonNode event = read(r.value());
                assertEquals(header(r, CloudEventHeaders.ID), event.get("id").asText(), "ce_id and the body's id");
                byBodyId.merge(event.get("id").asText(), 1, Integer::sum);
            }
        }
        assertEquals(Map.of(restId, 1, grpcId, 1), byBodyId);
    }

    private double feedbackSent() {
        String text = new String(client.get("/prometheus").body(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^prediction_feedback_total\\{[^}]*outcome=\"sent\"[^}]*}\\s+(\\S+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, byte[]> headers(ConsumerRecord<?, ?> r) {
        Map<String, byte[]> out = new HashMap<>();
        r.headers().forEach(h -> out.put(h.key(), h.value()));
        return out;
    }
}
