package io.plumbline.serving.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.InferParameter;
import io.plumbline.serving.grpc.v2.InferTensorContents;
import io.plumbline.serving.grpc.v2.ModelInferRequest;
import io.plumbline.serving.grpc.v2.RepositoryModelLoadRequest;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import io.plumbline.testing.FreePorts;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The hostile-input probe's gRPC requests over a real channel: INVALID_ARGUMENT with a short description. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcHostileInputTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    private Path repository;
    private int grpcPort;
    private ManagedChannel channel;
    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;

    @Override
    public Map<String, String> getProperties() {
        repository = TestRepository.create();
        grpcPort = FreePorts.loopback(1)[0];
        return Map.of("plumbline.registry.uri", repository.toString(), "micronaut.server.port", "-1",
                "grpc.server.port", Integer.toString(grpcPort),
                "plumbline.repository-api.enabled", "true");
    }

    @BeforeAll
    void start() {
        new V2Client(server.getURI()).awaitReady();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static ModelInferRequest.Builder weather(String inputName) {
        return ModelInferRequest.newBuilder().setModelName("weather").addInputs(
                ModelInferRequest.InferInputTensor.newBuilder().setName(inputName).setDatatype("FP32").addShape(1)
                        .addShape(4).setContents(InferTensorContents.newBuilder().addFp32Contents(1)
                                .addFp32Contents(2).addFp32Contents(3).addFp32Contents(4)));
    }

    private StatusRuntimeException refused(ModelInferRequest request) {
        return assertThrows(StatusRuntimeException.class, () -> stub.modelInfer(request));
    }

    @Test
    void anEmptyInferParameter_isInvalidArgument() {
        StatusRuntimeException e = refused(weather("features").putParameters("tenant",
                InferParameter.getDefaultInstance()).build());
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(e.getStatus().getDescription().contains("parameters['tenant'] has no value"), e.getStatus().toString());
    }

    @Test
    void aOneMegabyteInputName_isInvalidArgumentWithAShortDescription() {
        StatusRuntimeException e = refused(weather("n".repeat(1024 * 1024)).build());
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
        String d = e.getStatus().getDescription();
        assertTrue(d.length() < 2048 && d.contains("…(1048576 bytes)"), d.length() + " characters: " + d);
    }

    @Test
    void aShapeClaimWithoutTheValues_isInvalidArgument() {
        ModelInferRequest claim = ModelInferRequest.newBuilder().setModelName("weather").addInputs(
                ModelInferRequest.InferInputTensor.newBuilder().setName("features").setDatatype("FP32")
                        .addShape(1_000_000_000L).addShape(4).setContents(InferTensorContents.newBuilder()
                                .addFp32Contents(1).addFp32Contents(2).addFp32Contents(3).addFp32Contents(4)))
                .build();
        StatusRuntimeException e = refused(claim);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(e.getStatus().getDescription().contains("needs 4000000000 elements"), e.getStatus().toString());
    }

    @Test
    void loadingAnUnknownModel_isNotFoundWithoutThePath() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub.repositoryModelLoad(RepositoryModelLoadRequest.newBuilder().setModelName("nope").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(!e.getStatus().getDescription().contains(repository.toString()), e.getStatus().toString());
    }
}
