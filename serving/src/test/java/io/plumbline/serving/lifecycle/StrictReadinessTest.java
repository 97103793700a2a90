package io.plumbline.serving.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.ServerReadyRequest;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import io.plumbline.testing.Await;
import io.plumbline.testing.FreePorts;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An empty repository is not ready on any probe (REST, gRPC, Micronaut's readiness), and the REST
 * body says why; once a poll finds a model, every probe turns ready.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictReadinessTest implements TestPropertyProvider {
    private static final Duration AWAIT = Duration.ofSeconds(60);

    @Inject
    EmbeddedServer server;

    private Path repo;
    private final int grpcPort = FreePorts.loopback();
    private ManagedChannel channel;

    @Override
    public Map<String, String> getProperties() {
        try {
            repo = Files.createTempDirectory("plumbline-empty");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("plumbline.registry.uri", repo.toString(), "micronaut.server.port", "-1",
                "grpc.server.port", Integer.toString(grpcPort), "plumbline.registry.poll-interval", "200ms");
    }

    @AfterAll
    void close() {
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    private boolean grpcReady() {
        if (channel == null) {
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        }
        return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .serverReady(ServerReadyRequest.getDefaultInstance()).getReady();
    }

    @Test
    void emptyRepository_is503WithTheReason_untilAModelAppears() throws IOException {
        V2Client client = new V2Client(server.getURI());
        Await.until(() -> !client.get("/v2/health/ready").json().path("reason").asText().equals("loading models"),
                AWAIT, () -> "the first load of the repository finished");

        V2Client.Reply ready = client.get("/v2/health/ready");
        assertEquals(503, ready.status());
        JsonNode body = ready.json();
        assertFalse(body.get("ready").asBoolean());
        String expected = "no model version loaded from " + repo.toUri() + " (0 model(s) found)";
        assertEquals(expected, body.get("reason").asText());
        assertFalse(grpcReady(), "gRPC ServerReady says what REST says");
        assertEquals(503, client.get("/health/readiness").status(), "Micronaut's readiness too");
        assertEquals(200, client.get("/v2/health/live").status(), "liveness is not readiness");

        TestRepository.copyDemo(repo.resolve("weather"));
        Await.until(() -> client.get("/v2/health/ready").status() == 200, AWAIT, () -> "ready once the poll loads weather");
        assertEquals("{\"ready\":true}", new String(client.get("/v2/health/ready").body()),
                "the V2 body, nothing added when ready");
        assertTrue(grpcReady());
        assertEquals(200, client.get("/health/readiness").status());
    }
}
