package io.plumbline.serving.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.InferTensorContents;
import io.plumbline.serving.grpc.v2.ModelInferRequest;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import io.plumbline.testing.FreePorts;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each input limit, set small, over REST and gRPC: one unit over it is refused with the status and a
 * message naming the configuration key; at the limit the request gets past it (served, or refused
 * for something else, never the limit).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputLimitsTest implements TestPropertyProvider {
    private static final String ID_FP32 = "/v2/models/id_fp32/infer";

    @Inject
    EmbeddedServer server;

    private int grpcPort;
    private V2Client rest;
    private ManagedChannel channel;
    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub grpc;

    @Override
    public Map<String, String> getProperties() {
        grpcPort = FreePorts.loopback(1)[0];
        return Map.ofEntries(Map.entry("plumbline.registry.uri", TestRepository.create().toString()),
                Map.entry("micronaut.server.port", "-1"), Map.entry("grpc.server.port", Integer.toString(grpcPort)),
                Map.entry("plumbline.limits.max-inputs", "2"),
                Map.entry("plumbline.limits.max-tensor-elements", "8"),
                Map.entry("plumbline.limits.max-request-elements", "12"),
                Map.entry("plumbline.limits.max-rank", "3"),
                Map.entry("plumbline.limits.max-bytes-element-length", "16"),
                Map.entry("plumbline.limits.max-json-depth", "8"),
                Map.entry("micronaut.server.max-request-size", "64KB"),
                Map.entry("grpc.server.max-inbound-message-size", "65536"),
                Map.entry("micronaut.server.netty.max-header-size", "1024"));
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

    /** A JSON FP32 input named {@code name} of the shape, with as many values as it needs. */
    private static String input(String name, long... shape) {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        StringJoiner data = new StringJoiner(",", "[", "]");
        for (long i = 0; i < n; i++) {
            data.add(Long.toString(i));
        }
        return "{\"name\":\"" + name + "\",\"shape\":" + Arrays.toString(shape) + ",\"datatype\":\"FP32\",\"data\":"
                + data + "}";
    }

    private static String request(String... inputs) {
        return "{\"inputs\":[" + String.join(",", inputs) + "]}";
    }

    private static void assertRefused(V2Client.Reply r, int status, String key, String... fragments) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(status, r.status(), body);
        assertTrue(r.error().contains(key), r.error());
        for (String f : fragments) {
            assertTrue(r.error().contains(f), "'" + r.error() + "' should mention '" + f + "'");
        }
    }

    /** At the limit: answered, and if refused then for another reason than the limit. */
    private static void assertPastTheLimit(V2Client.Reply r, String key) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(r.status() == 200 || !body.contains(key), body);
    }

    private ModelInferRequest.InferInputTensor.Builder grpcInput(String name, long... shape) {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        for (long i = 0; i < n; i++) {
            c.addFp32Contents(i);
        }
        ModelInferRequest.InferInputTensor.Builder b = ModelInferRequest.InferInputTensor.newBuilder()
                .setName(name).setDatatype("FP32").setContents(c);
        Arrays.stream(shape).forEach(b::addShape);
        return b;
    }

    private void assertGrpcRefused(ModelInferRequest request, Status.Code code, String key) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc.modelInfer(request));
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(String.valueOf(e.getStatus().getDescription()).contains(key), e.getStatus().toString());
    }

    @Test
    void maxInputs() {
        String key = "plumbline.limits.max-inputs";
        assertRefused(rest.post(ID_FP32, request(input("x", 1, 1), input("y", 1, 1), input("z", 1, 1))), 413, key,
                "more than 2 inputs");
        assertPastTheLimit(rest.post(ID_FP32, request(input("x", 1, 1), input("y", 1, 1))), key);
        assertGrpcRefused(ModelInferRequest.newBuilder().setModelName("id_fp32").addInputs(grpcInput("x", 1, 1))
                .addInputs(grpcInput("y", 1, 1)).addInputs(grpcInput("z", 1, 1)).build(), Status.Code.INVALID_ARGUMENT,
                key);
    }

    @Test
    void maxTensorElements() {
        String key = "plumbline.limits.max-tensor-elements";
        assertRefused(rest.post(ID_FP32, request(input("x", 1, 9))), 413, key, "9 elements");
        assertEquals(200, rest.post(ID_FP32, request(input("x", 1, 8))).status());
        assertGrpcRefused(ModelInferRequest.newBuilder().setModelName("id_fp32").addInputs(grpcInput("x", 1, 9))
                .build(), Status.Code.INVALID_ARGUMENT, key);
        assertEquals(8, grpc.modelInfer(ModelInferRequest.newBuilder().setModelName("id_fp32")
                .addInputs(grpcInput("x", 1, 8)).build()).getOutputs(0).getContents().getFp32ContentsCount());
    }

    @Test
    void maxRequestElements() {
        String key = "plumbline.limits.max-request-elements";
        assertRefused(rest.post(ID_FP32, request(input("x", 1, 8), input("y", 1, 5))), 413, key, "13 elements");
        assertPastTheLimit(rest.post(ID_FP32, request(input("x", 1, 8), input("y", 1, 4))), key);
        assertGrpcRefused(ModelInferRequest.newBuilder().setModelName("id_fp32").addInputs(grpcInput("x", 1, 8))
                .addInputs(grpcInput("y", 1, 5)).build(), Status.Code.INVALID_ARGUMENT, key);
    }

    @Test
    void maxRank() {
        String key = "plumbline.limits.max-rank";
        assertRefused(rest.post(ID_FP32, request(input("x", 1, 1, 1, 1))), 400, key, "more than 3 dimensions");
        assertPastTheLimit(rest.post(ID_FP32, request(input("x", 1, 1, 1))), key);
        assertGrpcRefused(ModelInferRequest.newBuilder().setModelName("id_fp32").addInputs(grpcInput("x", 1, 1, 1, 1))
                .build(), Status.Code.INVALID_ARGUMENT, key);
    }

    @Test
    void maxBytesElementLength() {
        String key = "plumbline.limits.max-bytes-element-length";
        String over = "b".repeat(17);
        String at = "b".repeat(16);
        assertRefused(rest.post("/v2/models/id_bytes/infer", "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,1],"
                + "\"datatype\":\"BYTES\",\"data\":[\"" + over + "\"]}]}"), 413, key, "longer than 16");
        assertEquals(200, rest.post("/v2/models/id_bytes/infer", "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,1],"
                + "\"datatype\":\"BYTES\",\"data\":[\"" + at + "\"]}]}").status());
        // The binary extension's length prefix is checked before the element is copied out.
        String header = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,1],\"datatype\":\"BYTES\","
                + "\"parameters\":{\"binary_data_size\":21}}]}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(json.length + 21).order(ByteOrder.LITTLE_ENDIAN);
        body.put(json).putInt(17).put(over.getBytes(StandardCharsets.US_ASCII));
        assertRefused(rest.post("/v2/models/id_bytes/infer", body.array(), Map.of("Inference-Header-Content-Length",
                Integer.toString(json.length), "Content-Type", "application/octet-stream")), 413, key);
        assertGrpcRefused(ModelInferRequest.newBuilder().setModelName("id_bytes").addInputs(
                ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("BYTES").addShape(1).addShape(1)
                        .setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8(over))))
                .build(), Status.Code.INVALID_ARGUMENT, key);
    }

    @Test
    void maxJsonDepth() {
        String key = "plumbline.limits.max-json-depth";
        // The request object is level 1, so 7 arrays reach level 8, the limit, and 8 arrays go past it.
        String at = "{\"x\":" + "[".repeat(7) + "]".repeat(7) + "," + request(input("x", 1, 1)).substring(1);
        String over = "{\"x\":" + "[".repeat(8) + "]".repeat(8) + "," + request(input("x", 1, 1)).substring(1);
        assertEquals(200, rest.post(ID_FP32, at).status(), new String(rest.post(ID_FP32, at).body()));
        assertRefused(rest.post(ID_FP32, over), 400, key, "nested deeper than 8 levels");
    }

    @Test
    void bodySize() {
        String row = request(input("x", 1, 1));
        byte[] over = Arrays.copyOf(row.getBytes(StandardCharsets.UTF_8), 64 * 1024 + 1);
        Arrays.fill(over, row.length(), over.length, (byte) ' ');
        assertRefused(rest.post(ID_FP32, over, Map.of()), 413, "micronaut.server.max-request-size", "65536");
        assertEquals(200, rest.post(ID_FP32, Arrays.copyOf(over, 64 * 1024), Map.of()).status());
    }

    @Test
    void grpcMaxInboundMessageSize() {
        ModelInferRequest big = ModelInferRequest.newBuilder().setModelName("id_fp32").setId("i".repeat(65_536))
                .addInputs(grpcInput("x", 1, 1)).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc.modelInfer(big));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(String.valueOf(e.getStatus().getDescription()).contains("65536"), e.getStatus().toString());
        ModelInferRequest atLimit = big.toBuilder().setId("i".repeat(65_536 - (big.getSerializedSize() - 65_536)))
                .build();
        assertEquals(65_536, atLimit.getSerializedSize());
        assertEquals(1, grpc.modelInfer(atLimit).getOutputsCount());
    }

    @Test
    void headerSize() {
        V2Client.Reply r = rest.post(ID_FP32, request(input("x", 1, 1)).getBytes(StandardCharsets.UTF_8),
                Map.of("X-Big", "h".repeat(1100)));
        assertRefused(r, 431, "micronaut.server.netty.max-header-size", "1024 bytes");
        assertEquals(200, rest.post(ID_FP32, request(input("x", 1, 1)).getBytes(StandardCharsets.UTF_8),
                Map.of("X-Big", "h".repeat(600))).status());
        assertFalse(r.error().contains("hhhh"), r.error());
    }
}
