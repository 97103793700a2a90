package io.plumbline.serving.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.InferTensorContents;
import io.plumbline.serving.grpc.v2.ModelInferRequest;
import io.plumbline.serving.grpc.v2.ModelInferResponse;
import io.plumbline.serving.grpc.v2.ModelReadyRequest;
import io.plumbline.serving.grpc.v2.ServerReadyRequest;
import io.plumbline.testing.ReadinessProbe;
import io.plumbline.testing.ServingProcess;
import io.plumbline.testing.Tally;
import io.plumbline.testing.Await;
import io.plumbline.testing.Directories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SIGTERM to the packaged jar under gRPC load: the same promise as {@link ShutdownIT} over gRPC. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class GrpcShutdownIT {
    private static final int CLIENTS = 8;
    private static final ModelInferRequest ROW = ModelInferRequest.newBuilder().setModelName("weather")
            .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("features").setDatatype("FP32")
                    .addShape(1).addShape(4).setContents(InferTensorContents.newBuilder()
                            .addFp32Contents(1.2f).addFp32Contents(25f).addFp32Contents(14f).addFp32Contents(2.2f)))
            .build();

    private Path dir;
    private ServingProcess serving;
    private final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory("plumbline-grpc-shutdown");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        if (serving != null) {
            serving.close();
        }
        Directories.deleteRecursively(dir);
    }

    @Test
    void sigtermUnderGrpcLoad_failsNoCallSentBeforeServerReadyTurnedFalse_andExits0() throws Exception {
        serving = ServingProcess.start(ShutdownIT.JAR, "file:" + ShutdownIT.weatherRepository(dir), Map.of("PLUMBLINE_SHUTDOWN_GRACE_PERIOD", "2s",
                "PLUMBLINE_SHUTDOWN_DRAIN_TIMEOUT", "20s"), dir);
        var probeStub = GRPCInferenceServiceGrpc.newBlockingStub(channel());
        AtomicReference<String> modelReady = new AtomicReference<>("not looked at");
        Tally tally = new Tally();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        int exit;
        try (ReadinessProbe probe = new ReadinessProbe(
                () -> probeStub.withDeadlineAfter(5, TimeUnit.SECONDS).serverReady(ServerReadyRequest.getDefaultInstance())
                        .getReady(),
                () -> modelReady.set("ModelReady " + probeStub.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .modelReady(ModelReadyRequest.newBuilder().setName("weather").build()).getReady()))) {
            for (int c = 0; c < CLIENTS; c++) {
                var stub = GRPCInferenceServiceGrpc.newStub(channel());
                clients.submit(() -> {
                    while (!stop.get()) {
                        boolean after = probe.notReadySeen();
                        CompletableFuture<String> outcome = new CompletableFuture<>();
                        stub.withDeadlineAfter(30, TimeUnit.SECONDS).modelInfer(ROW, observer(outcome));
                        tally.add(after, outcome);
                        if (!outcome.join().equals(Tally.OK) && after) {
                            return;
                        }
                    }
                });
            }
            Await.until(() -> tally.okSoFar() >= 200, Duration.ofSeconds(60), () -> "200 answers under load: " + tally);
            long sigterm = System.nanoTime();
            serving.sigterm();
            exit = serving.awaitExit(ShutdownIT.EXIT_TIMEOUT);
            long exited = System.nanoTime();
            stop.set(true);
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS), "clients finish");
            System.out.printf("gRPC: after SIGTERM, ServerReady false seen at +%d ms, no answer from +%d ms, exit %d at "
                    + "+%d ms; %s%n", ShutdownIT.ms(sigterm, probe.notReadyAt()), ShutdownIT.ms(sigterm,
                    probe.unreachableAt()), exit, ShutdownIT.ms(sigterm, exited), tally);
            assertTrue(probe.notReadySeen(), "the probe saw ServerReady false before the server stopped answering");
        }
        assertEquals("ModelReady false", modelReady.get(), "ModelReady turns false with ServerReady");
        assertEquals(0, tally.failed(false), "calls sent before ServerReady turned false all succeed: " + tally);
        assertTrue(tally.ok(false) >= 200, tally.toString());
        assertTrue(tally.ok(true) > 0, "calls keep being served during the grace period: " + tally);
        assertFalse(serving.alive());
        assertEquals(0, exit, "exit code after a clean drain\n" + serving.log());
        ShutdownIT.assertPhasesInOrder(serving.log(), 0);
    }

    private ManagedChannel channel() {
        ManagedChannel c = ManagedChannelBuilder.forAddress("127.0.0.1", serving.grpcPort()).usePlaintext().build();
        channels.add(c);
        return c;
    }

    /** Completes {@code outcome} with {@link Tally#OK} or the status code; never exceptionally. */
    private static StreamObserver<ModelInferResponse> observer(CompletableFuture<String> outcome) {
        return new StreamObserver<>() {
            private boolean answered;

            @Override
            public void onNext(ModelInferResponse value) {
                answered = value.getOutputsCount() == 1;
            }

            @Override
            public void onError(Throwable t) {
                outcome.complete(Status.fromThrowable(t).getCode().name());
            }

            @Override
            public void onCompleted() {
                outcome.complete(answered ? Tally.OK : "completed without an output");
            }
        };
    }
}
