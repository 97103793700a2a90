package io.plumbline.serving.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.plumbline.serving.grpc.v2.ModelInferResponse;
import io.plumbline.serving.grpc.v2.ModelMetadataRequest;
import io.plumbline.serving.grpc.v2.ModelMetadataResponse;
import io.plumbline.serving.grpc.v2.ModelReadyRequest;
import io.plumbline.serving.grpc.v2.RepositoryIndexRequest;
import io.plumbline.serving.grpc.v2.RepositoryIndexResponse;
import io.plumbline.serving.grpc.v2.RepositoryModelLoadRequest;
import io.plumbline.serving.grpc.v2.RepositoryModelUnloadRequest;
import io.plumbline.serving.grpc.v2.ServerLiveRequest;
import io.plumbline.serving.grpc.v2.ServerMetadataRequest;
import io.plumbline.serving.grpc.v2.ServerReadyRequest;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The V2 gRPC service over a real channel, and its agreement with REST. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V2GrpcTest implements TestPropertyProvider {
    private static final float[] ROWS = {0f, 13.3f, 5f, 3.1f, 20.5f, 8f, 4f, 6f};

    @Inject
    EmbeddedServer server;

    private int grpcPort;
    private ManagedChannel channel;
    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;
    private V2Client rest;

    @Override
    public Map<String, String> getProperties() {
        try (ServerSocket s = new ServerSocket(0)) {
            grpcPort = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("plumbline.registry.uri", TestRepository.create().toString(), "micronaut.server.port", "-1",
                "grpc.server.port", Integer.toString(grpcPort), "plumbline.repository-api.enabled", "true");
    }

    @BeforeAll
    void start() {
        rest = new V2Client(server.getURI());
        rest.awaitReady();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static ModelInferRequest.InferInputTensor.Builder features(int rows) {
        return ModelInferRequest.InferInputTensor.newBuilder().setName("features").setDatatype("FP32")
                .addShape(rows).addShape(4);
    }

    private ModelInferRequest typedWeather() {
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        for (float v : ROWS) {
            c.addFp32Contents(v);
        }
        return ModelInferRequest.newBuilder().setModelName("weather").setId("g1")
                .addInputs(features(2).setContents(c)).build();
    }

    @Test
    void healthAndMetadata() {
        assertTrue(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
        assertTrue(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
        assertTrue(stub.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getExtensionsList()
                .contains("model_repository"));
        assertTrue(stub.modelReady(ModelReadyRequest.newBuilder().setName("weather").build()).getReady());
        ModelMetadataResponse m = stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("weather").build());
        assertEquals("onnxruntime_onnx", m.getPlatform());
        assertEquals(List.of("1"), m.getVersionsList());
        assertEquals("features", m.getInputs(0).getName());
        assertEquals(List.of(-1L, 4L), m.getInputs(0).getShapeList());
        assertEquals("probabilities", m.getOutputs(0).getName());
    }

    @Test
    void typedInfer_equalsRestOutputs() {
        ModelInferResponse r = stub.modelInfer(typedWeather());
        assertEquals("g1", r.getId());
        assertEquals("1", r.getModelVersion());
        assertEquals(List.of(2L, 5L), r.getOutputs(0).getShapeList());
        String body = "{\"inputs\":[{\"name\":\"features\",\"shape\":[2,4],\"datatype\":\"FP32\",\"data\":"
                + java.util.Arrays.toString(ROWS) + "}]}";
        JsonNode viaRest = rest.post("/v2/models/weather/infer", body).json().get("outputs").get(0).get("data");
        List<Float> viaGrpc = r.getOutputs(0).getContents().getFp32ContentsList();
        assertEquals(10, viaGrpc.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(Float.floatToIntBits(viaRest.get(i).floatValue()), Float.floatToIntBits(viaGrpc.get(i)),
                    "element " + i);
        }
    }

    @Test
    void rawInfer_returnsRawOutputsEqualToTyped() {
        ByteBuffer raw = ByteBuffer.allocate(ROWS.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : ROWS) {
            raw.putFloat(v);
        }
        raw.flip();
        ModelInferResponse r = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("weather")
                .addInputs(features(2)).addRawInputContents(ByteString.copyFrom(raw)).build());
        assertEquals(1, r.getRawOutputContentsCount());
        ByteBuffer out = r.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        List<Float> typed = stub.modelInfer(typedWeather()).getOutputs(0).getContents().getFp32ContentsList();
        for (int i = 0; i < 10; i++) {
            assertEquals(Float.floatToIntBits(typed.get(i)), Float.floatToIntBits(out.getFloat(i * 4)));
        }
    }

    @Test
    void int64AndBytes_roundTripTyped() {
        ModelInferResponse r = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("id_int64")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("INT64")
                        .addShape(1).addShape(3).setContents(InferTensorContents.newBuilder()
                                .addInt64Contents(Long.MIN_VALUE).addInt64Contents(9007199254740993L)
                                .addInt64Contents(Long.MAX_VALUE)))
                .build());
        assertEquals(List.of(Long.MIN_VALUE, 9007199254740993L, Long.MAX_VALUE),
                r.getOutputs(0).getContents().getInt64ContentsList());
        ModelInferResponse s = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("id_bytes")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("BYTES")
                        .addShape(1).addShape(2).setContents(InferTensorContents.newBuilder()
                                .addBytesContents(ByteString.copyFromUtf8("héllo"))
                                .addBytesContents(ByteString.copyFromUtf8(""))))
                .build());
        assertEquals("héllo", s.getOutputs(0).getContents().getBytesContents(0).toStringUtf8());
    }

    private StatusRuntimeException fails(ModelInferRequest request) {
        return assertThrows(StatusRuntimeException.class, () -> stub.modelInfer(request));
    }

    @Test
    void errors_mapToGrpcCodes_withTheRestMessages() {
        StatusRuntimeException unknown = fails(typedWeather().toBuilder().setModelName("nope").build());
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertEquals(rest.post("/v2/models/nope/infer", "{}").error(), unknown.getStatus().getDescription());

        StatusRuntimeException badType = fails(ModelInferRequest.newBuilder().setModelName("weather")
                .addInputs(features(1).setDatatype("FP64").setContents(InferTensorContents.newBuilder()
                        .addFp64Contents(1).addFp64Contents(2).addFp64Contents(3).addFp64Contents(4)))
                .build());
        assertEquals(Status.Code.INVALID_ARGUMENT, badType.getStatus().getCode());
        String restError = rest.post("/v2/models/weather/infer", "{\"inputs\":[{\"name\":\"features\","
                + "\"shape\":[1,4],\"datatype\":\"FP64\",\"data\":[1,2,3,4]}]}").error();
        assertEquals(restError, badType.getStatus().getDescription());

        StatusRuntimeException traversal = fails(typedWeather().toBuilder().setModelName("../etc").build());
        assertEquals(Status.Code.INVALID_ARGUMENT, traversal.getStatus().getCode());

        StatusRuntimeException count = fails(ModelInferRequest.newBuilder().setModelName("weather")
                .addInputs(features(2).setContents(InferTensorContents.newBuilder().addFp32Contents(1))).build());
        assertEquals(Status.Code.INVALID_ARGUMENT, count.getStatus().getCode());
        assertTrue(count.getStatus().getDescription().contains("needs 8"));

        StatusRuntimeException rawCount = fails(ModelInferRequest.newBuilder().setModelName("weather")
                .addInputs(features(1)).addRawInputContents(ByteString.copyFrom(new byte[12])).build());
        assertEquals(Status.Code.INVALID_ARGUMENT, rawCount.getStatus().getCode());
        assertTrue(rawCount.getStatus().getDescription().contains("needs 16"),
                rawCount.getStatus().getDescription());

        StatusRuntimeException engine = fails(ModelInferRequest.newBuilder().setModelName("reshape3")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("FP32")
                        .addShape(4).setContents(InferTensorContents.newBuilder().addFp32Contents(1)
                                .addFp32Contents(2).addFp32Contents(3).addFp32Contents(4)))
                .build());
        assertEquals(Status.Code.INTERNAL, engine.getStatus().getCode());
        assertTrue(engine.getStatus().getDescription().contains("reshape3"));
    }

    @Test
    void repositoryIndexLoadAndUnload() {
        RepositoryIndexResponse index = stub.repositoryIndex(RepositoryIndexRequest.getDefaultInstance());
        assertTrue(index.getModelsList().stream().anyMatch(m -> m.getName().equals("corrupt")
                && m.getState().equals("UNAVAILABLE") && m.getReason().contains("checksum mismatch")));
        assertTrue(stub.repositoryIndex(RepositoryIndexRequest.newBuilder().setReady(true).build()).getModelsList()
                .stream().allMatch(m -> m.getState().equals("READY")));
        stub.repositoryModelUnload(RepositoryModelUnloadRequest.newBuilder().setModelName("id_int16").build());
        StatusRuntimeException gone = assertThrows(StatusRuntimeException.class, () -> stub.modelReady(
                ModelReadyRequest.newBuilder().setName("id_int16").build()));
        assertEquals(Status.Code.NOT_FOUND, gone.getStatus().getCode());
        stub.repositoryModelLoad(RepositoryModelLoadRequest.newBuilder().setModelName("id_int16").build());
        assertTrue(stub.modelReady(ModelReadyRequest.newBuilder().setName("id_int16").build()).getReady());
    }
}
