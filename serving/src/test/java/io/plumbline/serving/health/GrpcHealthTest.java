package io.plumbline.serving.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import io.plumbline.testing.FreePorts;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * grpc.health.v1.Health through grpc-java's own HealthGrpc client over a real channel: Check for the
 * server, liveness, a model, a version and unknown names, and Watch following a model that the
 * repository API unloads and loads again. (Watch during shutdown: {@code GrpcHealthIT}, a real SIGTERM.)
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcHealthTest implements TestPropertyProvider {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EmbeddedServer server;

    private final int grpcPort = FreePorts.loopback();
    private ManagedChannel channel;
    private HealthGrpc.HealthBlockingStub health;
    private V2Client rest;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("plumbline.registry.uri", TestRepository.create().toString(), "micronaut.server.port", "-1",
                "grpc.server.port", Integer.toString(grpcPort), "plumbline.repository-api.enabled", "true",
                "plumbline.registry.poll-interval", "explicit");
    }

    @BeforeAll
    void start() {
        rest = new V2Client(server.getURI());
        rest.awaitReady();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        health = HealthGrpc.newBlockingStub(channel);
    }

    @AfterAll
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private ServingStatus check(String service) {
        return health.withDeadlineAfter(30, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    private Status.Code checkFails(String service) {
        return assertThrows(StatusRuntimeException.class, () -> check(service)).getStatus().getCode();
    }

    @Test
    void check_serverLivenessModelAndVersion_areServing() {
        assertEquals(ServingStatus.SERVING, check(""));
        assertEquals(ServingStatus.SERVING, check("inference.GRPCInferenceService"));
        assertEquals(ServingStatus.SERVING, check("liveness"));
        assertEquals(ServingStatus.SERVING, check("plumbline.model/id_fp32"));
        assertEquals(ServingStatus.SERVING, check("plumbline.model/id_fp32/1"));
    }

    @Test
    void check_unknownModelVersionOrName_isNotFound() {
        assertEquals(Status.Code.NOT_FOUND, checkFails("plumbline.model/no_such_model"));
        assertEquals(Status.Code.NOT_FOUND, checkFails("plumbline.model/../etc"));
        assertEquals(Status.Code.NOT_FOUND, checkFails("plumbline.model/"));
        assertEquals(Status.Code.NOT_FOUND, checkFails("weather"));
        assertEquals(Status.Code.NOT_FOUND, checkFails("grpc.health.v1.Health"));
        // A version that does not exist, of a model that does: known, not serving.
        assertEquals(ServingStatus.NOT_SERVING, check("plumbline.model/id_fp32/7"));
    }

    @Test
    void watch_unknownModel_sendsServiceUnknownAndStaysOpen() throws Exception {
        try (HealthWatch w = new HealthWatch(channel, "plumbline.model/no_such_model")) {
            assertEquals(ServingStatus.SERVICE_UNKNOWN, w.next(WAIT));
            // Stays open: the protocol says a later status would follow if the service became known.
            assertEquals(null, w.next(HealthWatchers.RECHECK.multipliedBy(2)));
            assertFalse(w.ended.isDone());
        }
    }

    @Test
    void watch_followsModelUnloadedAndLoadedAgain_andOthersStayServing() throws Exception {
        try (HealthWatch model = new HealthWatch(channel, "plumbline.model/id_int8");
                HealthWatch server = new HealthWatch(channel, "")) {
            assertEquals(ServingStatus.SERVING, model.next(WAIT));
            assertEquals(ServingStatus.SERVING, server.next(WAIT));

            assertEquals(200, rest.post("/v2/repository/models/id_int8/unload", "{}").status());
            assertEquals(ServingStatus.NOT_SERVING, model.next(WAIT));
            assertEquals(ServingStatus.NOT_SERVING, check("plumbline.model/id_int8"));

            assertEquals(200, rest.post("/v2/repository/models/id_int8/load", "{}").status());
            assertEquals(ServingStatus.SERVING, model.next(WAIT));
            assertEquals(ServingStatus.SERVING, check("plumbline.model/id_int8"));

            // The server stayed ready throughout (other models serve): its watcher was sent nothing more.
            assertEquals(null, server.next(HealthWatchers.RECHECK.multipliedBy(2)));
            assertTrue(!model.ended.isDone() && !server.ended.isDone());
        }
    }
}
