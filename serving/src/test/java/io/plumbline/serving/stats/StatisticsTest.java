package io.plumbline.serving.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.ModelStatisticsRequest;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import io.plumbline.testing.FreePorts;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The statistics extension against the running server, checked against the client's own tally of what
 * it sent and how long each call took, and against the shape in Triton's
 * {@code docs/protocol/extension_statistics.md} (the field names below are copied from that document,
 * not from the code).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatisticsTest implements TestPropertyProvider {
    private static final Set<String> MODEL_STAT = Set.of("name", "version", "last_inference", "inference_count",
            "execution_count", "inference_stats", "batch_stats", "memory_usage", "response_stats");
    private static final Set<String> INFERENCE_STATS = Set.of("success", "fail", "queue", "compute_input",
            "compute_infer", "compute_output", "cache_hit", "cache_miss");
    private static final Set<String> BATCH_STAT = Set.of("batch_size", "compute_input", "compute_infer",
            "compute_output");
    private static final Set<String> DURATION = Set.of("count", "ns");
    private static final String WEATHER = "/v2/models/weather/versions/1/stats";

    @Inject
    EmbeddedServer server;

    private final int grpcPort = FreePorts.loopback();
    private ManagedChannel channel;
    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub grpc;
    private V2Client rest;

    @Override
    public Map<String, String> getProperties() {
        // A queue delay, so that concurrent requests share engine calls and batch sizes above 1 appear.
        return Map.of("plumbline.registry.uri", TestRepository.create().toString(), "micronaut.server.port", "-1",
                "grpc.server.port", Integer.toString(grpcPort), "plumbline.batching.max-queue-delay-us", "3000");
    }

    @BeforeAll
    void start() {
        rest = new V2Client(server.getURI());
        rest.awaitReady();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        grpc = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static String rows(int n) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < n; i++) {
            data.append(i == 0 ? "" : ",").append("[").append(i % 3).append(".5, 20.1, 11.2, 3.0]");
        }
        return "{\"inputs\":[{\"name\":\"features\",\"shape\":[" + n + ",4],\"datatype\":\"FP32\",\"data\":["
                + data + "]}]}";
    }

    private JsonNode weatherStats() {
        V2Client.Reply r = rest.get(WEATHER);
        assertEquals(200, r.status(), r.error());
        assertEquals(1, r.json().get("model_stats").size());
        return r.json().get("model_stats").get(0);
    }

    private static long count(JsonNode stat, String what) {
        return stat.get("inference_stats").get(what).get("count").asLong();
    }

    private static long ns(JsonNode stat, String what) {
        return stat.get("inference_stats").get(what).get("ns").asLong();
    }

    /** What the client saw: answers, failures, rows answered, and the sum of its own wall times. */
    private record Call(boolean ok, int rows, long wallNanos) {
    }

    @Test
    void countsEqualTheClientsTally_timesFitInItsWallTime_andGrowMonotonically() throws Exception {
        JsonNode before = weatherStats();
        long startedMillis = System.currentTimeMillis();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<Call>> calls = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int n = 1 + i % 4;
            boolean bad = i % 7 == 3;
            // A bad request names the model but has 3 columns: refused (400) after the version was found.
            String body = bad ? rows(n).replace(",4]", ",3]").replace(", 3.0]", "]") : rows(n);
            calls.add(clients.submit(() -> {
                long t0 = System.nanoTime();
                V2Client.Reply r = rest.post("/v2/models/weather/infer", body);
                long wall = System.nanoTime() - t0;
                assertEquals(bad ? 400 : 200, r.status(), r.error());
                return new Call(r.status() == 200, n, wall);
            }));
        }
        long ok = 0;
        long failed = 0;
        long okRows = 0;
        long wall = 0;
        for (Future<Call> f : calls) {
            Call c = f.get(60, TimeUnit.SECONDS);
            ok += c.ok ? 1 : 0;
            failed += c.ok ? 0 : 1;
            okRows += c.ok ? c.rows : 0;
            wall += c.wallNanos;
        }
        clients.shutdown();
        long endedMillis = System.currentTimeMillis();
        JsonNode after = weatherStats();

        assertEquals(ok, count(after, "success") - count(before, "success"), "success.count");
        assertEquals(failed, count(after, "fail") - count(before, "fail"), "fail.count");
        assertEquals(okRows, after.get("inference_count").asLong() - before.get("inference_count").asLong(),
                "inference_count counts rows");
        // Invalid requests never reach the queue or the engine; each answered one is in one engine call.
        assertEquals(ok, count(after, "queue") - count(before, "queue"), "queue.count");
        for (String compute : List.of("compute_input", "compute_infer", "compute_output")) {
            assertEquals(ok, count(after, compute) - count(before, compute), compute + ".count");
        }
        long executions = after.get("execution_count").asLong() - before.get("execution_count").asLong();
        assertTrue(executions >= 1 && executions <= ok, "execution_count " + executions);
        assertEquals(executions, sumBatches(after, "count") - sumBatches(before, "count"),
                "execution_count is the engine calls of batch_stats");
        assertEquals(okRows, weightedBatchRows(after) - weightedBatchRows(before),
                "batch_size x calls adds up to the rows");

        long served = ns(after, "success") - ns(before, "success") + ns(after, "fail") - ns(before, "fail");
        long parts = 0;
        for (String part : List.of("queue", "compute_input", "compute_infer", "compute_output")) {
            parts += ns(after, part) - ns(before, part);
        }
        assertTrue(parts <= served, "queue + compute " + parts + " ns <= success + fail " + served + " ns");
        assertTrue(served <= wall, "server time " + served + " ns <= the client's wall time " + wall + " ns");
        assertTrue(ns(after, "compute_infer") > ns(before, "compute_infer"), "the engine took some time");

        long last = after.get("last_inference").asLong();
        assertTrue(last >= startedMillis - 1 && last <= endedMillis, "last_inference " + last + " within ["
                + startedMillis + ", " + endedMillis + "]");
        assertMonotonic(before, after, "");
        System.out.println("weather statistics after the run: " + after.get("inference_stats"));
    }

    private static long sumBatches(JsonNode stat, String field) {
        long sum = 0;
        for (JsonNode b : stat.get("batch_stats")) {
            sum += b.get("compute_infer").get(field).asLong();
        }
        return sum;
    }

    private static long weightedBatchRows(JsonNode stat) {
        long sum = 0;
        for (JsonNode b : stat.get("batch_stats")) {
            sum += b.get("batch_size").asLong() * b.get("compute_infer").get("count").asLong();
        }
        return sum;
    }

    /** Every number of {@code after} is at least its value in {@code before} (batch sizes matched by size). */
    private static void assertMonotonic(JsonNode before, JsonNode after, String path) {
        if (before.isNumber()) {
            assertTrue(after.asLong() >= before.asLong(), path + ": " + before + " then " + after);
        } else if (before.isArray() && path.endsWith("batch_stats")) {
            for (JsonNode b : before) {
                JsonNode same = null;
                for (JsonNode a : after) {
                    if (a.get("batch_size").equals(b.get("batch_size"))) {
                        same = a;
                    }
                }
                assertTrue(same != null, path + ": batch size " + b.get("batch_size") + " disappeared");
                assertMonotonic(b, same, path + "[" + b.get("batch_size") + "]");
            }
        } else if (before.isObject()) {
            for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                assertMonotonic(before.get(f), after.get(f), path + "." + f);
            }
        }
    }

    @Test
    void json_hasExactlyTheFieldsOfTritonsStatisticsExtension() {
        rest.post("/v2/models/weather/infer", rows(2));
        V2Client.Reply r = rest.get("/v2/models/stats");
        assertEquals(200, r.status());
        assertEquals(Set.of("model_stats"), fields(r.json()));
        Set<String> models = new TreeSet<>();
        for (JsonNode stat : r.json().get("model_stats")) {
            models.add(stat.get("name").asText());
            assertEquals(MODEL_STAT, fields(stat), stat.toString());
            assertTrue(stat.get("name").isTextual() && stat.get("version").isTextual());
            for (String n : List.of("last_inference", "inference_count", "execution_count")) {
                assertTrue(stat.get(n).isIntegralNumber(), n);
            }
            assertEquals(INFERENCE_STATS, fields(stat.get("inference_stats")));
            stat.get("inference_stats").forEach(d -> assertDuration(d));
            assertTrue(stat.get("batch_stats").isArray());
            for (JsonNode b : stat.get("batch_stats")) {
                assertEquals(BATCH_STAT, fields(b));
                assertTrue(b.get("batch_size").isIntegralNumber());
                assertDuration(b.get("compute_input"));
                assertDuration(b.get("compute_infer"));
                assertDuration(b.get("compute_output"));
            }
            assertEquals(0, stat.get("memory_usage").size());
            assertEquals(0, stat.get("response_stats").size());
        }
        assertTrue(models.contains("weather") && models.contains("id_fp32"), models.toString());
        JsonNode weather = weatherStats();
        assertEquals("weather", weather.get("name").asText());
        assertEquals("1", weather.get("version").asText());
        assertEquals(rest.get("/v2/models/weather/stats").json(), rest.get(WEATHER).json(),
                "one version: the model's and the version's report agree");
        assertTrue(rest.get("/v2").json().get("extensions").toString().contains("\"statistics\""));
    }

    private static void assertDuration(JsonNode d) {
        assertEquals(DURATION, fields(d));
        assertTrue(d.get("count").isIntegralNumber() && d.get("ns").isIntegralNumber(), d.toString());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void unknownModelOrVersion_isNotFound_onBothProtocols() {
        V2Client.Reply model = rest.get("/v2/models/no_such_model/stats");
        assertEquals(404, model.status());
        assertTrue(model.error().contains("no_such_model"), model.error());
        assertEquals(404, rest.get("/v2/models/weather/versions/9/stats").status());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc.modelStatistics(
                ModelStatisticsRequest.newBuilder().setName("no_such_model").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }

    @Test
    void grpc_returnsTheSameNumbersAsRest() throws Exception {
        rest.post("/v2/models/weather/infer", rows(3));
        for (String[] q : new String[][] {{"", ""}, {"weather", ""}, {"weather", "1"}}) {
            String path = q[0].isEmpty() ? "/v2/models/stats"
                    : q[1].isEmpty() ? "/v2/models/" + q[0] + "/stats" : "/v2/models/" + q[0] + "/versions/1/stats";
            JsonNode viaRest = rest.get(path).json();
            String viaGrpc = JsonFormat.printer().preservingProtoFieldNames().includingDefaultValueFields()
                    .print(grpc.modelStatistics(ModelStatisticsRequest.newBuilder().setName(q[0]).setVersion(q[1])
                            .build()));
            JsonNode grpcJson = V2Client.JSON.readTree(viaGrpc);
            // Protobuf's JSON writes uint64 as strings and has no memory_usage/response_stats (always empty).
            assertEquals(numbersAsText(withoutEmptyExtras(viaRest)), numbersAsText(grpcJson), path);
        }
    }

    private static JsonNode withoutEmptyExtras(JsonNode response) {
        JsonNode copy = response.deepCopy();
        for (JsonNode stat : copy.get("model_stats")) {
            ((ObjectNode) stat).remove(List.of("memory_usage", "response_stats"));
        }
        return copy;
    }

    private static JsonNode numbersAsText(JsonNode node) {
        if (node.isNumber()) {
            return V2Client.JSON.getNodeFactory().textNode(node.asText());
        }
        if (node.isArray()) {
            ArrayNode out = V2Client.JSON.createArrayNode();
            node.forEach(n -> out.add(numbersAsText(n)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = V2Client.JSON.createObjectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), numbersAsText(e.getValue())));
            return out;
        }
        return node;
    }
}
