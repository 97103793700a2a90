package io.plumbline.serving.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import io.plumbline.testing.Await;
import io.plumbline.testing.Directories;
import io.plumbline.testing.FreePorts;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code plumbline.readiness.require: all}: one model of the repository that cannot load keeps the
 * server unready (while the others serve), and the reason names it; without it, the server is ready.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequireAllReadinessTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    private Path repo;

    @Override
    public Map<String, String> getProperties() {
        try {
            repo = Files.createTempDirectory("plumbline-all");
            TestRepository.copyDemo(repo.resolve("weather"));
            Path broken = Files.createDirectories(repo.resolve("broken").resolve("1"));
            Files.writeString(broken.resolve("model.onnx"), "not an ONNX model");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("plumbline.registry.uri", repo.toString(), "micronaut.server.port", "-1",
                "grpc.server.port", Integer.toString(FreePorts.loopback()), "plumbline.registry.poll-interval", "200ms",
                "plumbline.readiness.require", "all");
    }

    @Test
    void aModelThatCannotLoad_keepsTheServerUnready_untilItIsGone() throws IOException {
        V2Client client = new V2Client(server.getURI());
        Await.until(() -> client.get("/v2/models/weather/ready").status() == 200, Duration.ofSeconds(60),
                () -> "weather serves");

        V2Client.Reply ready = client.get("/v2/health/ready");
        assertEquals(503, ready.status(), "weather serves, broken does not: not all");
        String reason = ready.json().get("reason").asText();
        assertTrue(reason.startsWith("model(s) not loaded: broken (plumbline.readiness.require is all"), reason);

        Directories.deleteRecursively(repo.resolve("broken"));
        Await.until(() -> client.get("/v2/health/ready").status() == 200, Duration.ofSeconds(60),
                () -> "ready once the poll no longer lists broken: " + client.get("/v2/health/ready").json());
    }
}
