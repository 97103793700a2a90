package io.plumbline.serving.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.plumbline.events.CloudEventHeaders;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.InferTensorContents;
import io.plumbline.serving.grpc.v2.ModelInferRequest;
import io.plumbline.serving.http.V2Client;
import io.plumbline.serving.tracing.InMemoryTracing;
import io.plumbline.testing.Await;
import io.plumbline.testing.TopicReader;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Tracing on (the real SDK, spans exported to memory) with the Kafka sink on a real broker: the W3C
 * trace context a client sends in a REST header or gRPC metadata is continued by one server span per
 * request, with the queue wait, batch and encode below it, and reaches the prediction event's
 * {@code ce_traceparent} header.
 */
@MicronautTest
class TracePropagationTest extends KafkaServingTest {
    private static final AttributeKey<String> MODEL = AttributeKey.stringKey("plumbline.model");
    private static final AttributeKey<String> VERSION = AttributeKey.stringKey("plumbline.model.version");
    private static final AttributeKey<String> PROTOCOL = AttributeKey.stringKey("plumbline.protocol");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("plumbline.outcome");
    private static final AttributeKey<Long> BATCH_REQUESTS = AttributeKey.longKey("plumbline.batch.requests");

    @Inject
    InMemorySpanExporter spans;

    @Override
    Map<String, String> moreProperties() {
        // One worker and a 200 ms queue delay: concurrent requests share batches.
        return Map.of(InMemoryTracing.PROPERTY, "memory", "plumbline.batching.instances", "1",
                "plumbline.batching.max-queue-delay-us", "200000");
    }

    @Test
    void restTraceparent_isContinuedByTheServerSpan_itsChildren_andTheEvent() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String parent = "00f067aa0ba902b7";
        V2Client.Reply r = client.post("/v2/models/weather/infer", weather("trace-rest").getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "traceparent", "00-" + traceId + "-" + parent + "-01"));
        assertEquals(200, r.status());

        SpanData server = serverSpan(traceId);
        assertEquals(parent, server.getParentSpanId());
        assertEquals("POST /v2/models/{model}/infer", server.getName());
        assertEquals("weather", server.getAttributes().get(MODEL));
        assertEquals("1", server.getAttributes().get(VERSION));
        assertEquals("rest", server.getAttributes().get(PROTOCOL));
        assertEquals("ok", server.getAttributes().get(OUTCOME));
        assertChildren(server);
        assertEquals("00-" + traceId + "-" + server.getSpanId() + "-01", traceparentOfEvent("trace-rest"));
    }

    @Test
    void grpcMetadataTraceparent_isContinuedByTheServerSpan_andTheEvent() throws Exception {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String parent = "b7ad6b7169203331";
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER),
                "00-" + traceId + "-" + parent + "-01");
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
            InferTensorContents.Builder c = InferTensorContents.newBuilder();
            for (float v : new float[] {1f, 12.5f, 4f, 2.5f}) {
                c.addFp32Contents(v);
            }
            GRPCInferenceServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                    .withDeadlineAfter(60, TimeUnit.SECONDS)
                    .modelInfer(ModelInferRequest.newBuilder().setModelName("weather").setId("trace-grpc")
                            .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("features")
                                    .setDatatype("FP32").addShape(1).addShape(4).setContents(c)).build());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        SpanData server = serverSpan(traceId);
        assertEquals(parent, server.getParentSpanId());
        assertEquals("inference.GRPCInferenceService/ModelInfer", server.getName());
        assertEquals("grpc", server.getAttributes().get(PROTOCOL));
        assertEquals("weather", server.getAttributes().get(MODEL));
        assertEquals("ok", server.getAttributes().get(OUTCOME));
        assertChildren(server);
        assertEquals("00-" + traceId + "-" + server.getSpanId() + "-01", traceparentOfEvent("trace-grpc"));
    }

    @Test
    void requestWithoutTraceparent_startsANewTrace() {
        assertEquals(200, client.post("/v2/models/weather/infer", weather("trace-new")).status());
        String traceparent = traceparentOfEvent("trace-new");
        String traceId = traceparent.split("-")[1];
        SpanData server = serverSpan(traceId);
        assertFalse(server.getParentSpanContext().isValid(), "a root span: " + server.getParentSpanContext());
        assertEquals("trace-new", server.getAttributes().get(AttributeKey.stringKey("plumbline.request.id")));
    }

    @Test
    void concurrentRequests_shareBatchSpans_linkedToEveryRequestInTheBatch() {
        int n = 6;
        List<String> traceIds = new ArrayList<>();
        List<CompletableFuture<V2Client.Reply>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String traceId = String.format("%032x", 0xbadc0ffeeL + i);
            traceIds.add(traceId);
            String header = "00-" + traceId + "-" + String.format("%016x", 0x1000L + i) + "-01";
            String body = weather("trace-batch-" + i);
            calls.add(CompletableFuture.supplyAsync(() -> client.post("/v2/models/weather/infer",
                    body.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json",
                            "traceparent", header))));
        }
        calls.forEach(c -> assertEquals(200, c.join().status()));
        Set<String> serverSpanIds = new HashSet<>();
        for (String traceId : traceIds) {
            serverSpanIds.add(serverSpan(traceId).getSpanId());
        }
        // Batch spans end after their futures complete: wait until every request's is finished.
        Await.until(() -> spans.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith("batch "))
                .flatMap(s -> s.getLinks().stream()).map(l -> l.getSpanContext().getSpanId())
                .collect(Collectors.toSet()).containsAll(serverSpanIds), WAIT,
                () -> "not every request's batch span finished");
        // Every request's span is linked from exactly one batch span, whose size is its number of links.
        Set<String> linked = new HashSet<>();
        int shared = 0;
        for (SpanData batch : spans.getFinishedSpanItems()) {
            if (!batch.getName().startsWith("batch ") || !traceIds.contains(batch.getTraceId())) {
                continue;
            }
            List<LinkData> links = batch.getLinks();
            assertEquals((long) links.size(), batch.getAttributes().get(BATCH_REQUESTS), batch.toString());
            assertEquals(links.get(0).getSpanContext().getSpanId(), batch.getParentSpanId(),
                    "a batch is a child of its first request");
            for (LinkData l : links) {
                assertTrue(linked.add(l.getSpanContext().getSpanId()), "linked twice: " + l);
            }
            shared = Math.max(shared, links.size());
        }
        linked.retainAll(serverSpanIds);
        assertEquals(serverSpanIds, linked);
        assertTrue(shared > 1, "no batch held more than one request");
    }

    /** The finished server span of a trace, waiting for it: it ends after the response was written. */
    private SpanData serverSpan(String traceId) {
        Await.until(() -> find(traceId, SpanKind.SERVER) != null, WAIT, () -> "no server span of trace " + traceId);
        return find(traceId, SpanKind.SERVER);
    }

    private SpanData find(String traceId, SpanKind kind) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId) && s.getKind() == kind).findFirst().orElse(null);
    }

    /** Queue wait and encode are children of the server span; a batch span links to it. */
    private void assertChildren(SpanData server) {
        // The batch span ends after the batch's futures complete, so the answer (and the server span) can
        // finish first: wait for it rather than read the exporter once.
        Await.until(() -> spans.getFinishedSpanItems().stream().anyMatch(s -> s.getName().equals("batch weather/1")
                && s.getLinks().stream().anyMatch(l -> l.getSpanContext().getSpanId().equals(server.getSpanId()))),
                WAIT, () -> "no batch span linked to the request");
        List<SpanData> all = spans.getFinishedSpanItems();
        assertTrue(all.stream().anyMatch(s -> s.getName().equals("queue wait")
                && s.getParentSpanId().equals(server.getSpanId())), "queue wait span");
        assertTrue(all.stream().anyMatch(s -> s.getName().equals("encode")
                && s.getParentSpanId().equals(server.getSpanId())), "encode span");
        assertTrue(all.stream().anyMatch(s -> s.getName().equals("batch weather/1")
                && s.getLinks().stream().anyMatch(l -> l.getSpanContext().getSpanId().equals(server.getSpanId()))),
                "batch span linked to the request");
        SpanData encode = all.stream().filter(s -> s.getName().equals("encode")
                && s.getParentSpanId().equals(server.getSpanId())).findFirst().orElseThrow();
        assertTrue(encode.getEndEpochNanos() <= server.getEndEpochNanos(), "the server span encloses its encoding");
    }

    private String traceparentOfEvent(String requestId) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(kafka.bootstrapServers(), TOPIC,
                rs -> rs.stream().anyMatch(r -> requestId.equals(header(r, CloudEventHeaders.ID))), WAIT);
        ConsumerRecord<String, byte[]> event = records.stream()
                .filter(r -> requestId.equals(header(r, CloudEventHeaders.ID))).findFirst().orElseThrow();
        String traceparent = header(event, CloudEventHeaders.TRACEPARENT);
        assertNotNull(traceparent, "no " + CloudEventHeaders.TRACEPARENT + " header on the event of " + requestId);
        return traceparent;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String weather(String id) {
        return "{\"id\":\"" + id + "\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
                + "\"data\":[1.0,12.5,4.0,2.5]}]}";
    }
}
