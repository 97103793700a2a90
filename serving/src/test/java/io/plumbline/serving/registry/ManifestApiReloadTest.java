package io.plumbline.serving.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import io.plumbline.testing.FreePorts;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With polling off, the repository API's {@code load} is what picks up an edited {@code model.yaml},
 * as it picks up changed model files.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestApiReloadTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    private Path repo;

    @Override
    public Map<String, String> getProperties() {
        try {
            repo = Files.createTempDirectory("plumbline-manifest-api");
            TestRepository.copyDemo(repo.resolve("weather"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("plumbline.registry.uri", repo.toString(), "micronaut.server.port", "-1",
                "grpc.server.port", Integer.toString(FreePorts.loopback()), "plumbline.registry.poll-interval", "explicit",
                "plumbline.repository-api.enabled", "true");
    }

    private static String features(V2Client client) {
        return client.get("/v2/models/weather").json().get("inputs").get(0).get("features").toString();
    }

    @Test
    void load_picksUpAnEditedManifest() throws IOException {
        V2Client client = new V2Client(server.getURI());
        client.awaitReady();
        String before = "[\"precipitation\",\"temp_max\",\"temp_min\",\"wind\"]";
        assertEquals(before, features(client));

        Path manifest = repo.resolve("weather").resolve("model.yaml");
        Files.writeString(manifest, Files.readString(manifest).replace("features: [precipitation, temp_max, temp_min, wind]",
                "features: [rain_mm, tmax, tmin, wind_ms]"));
        assertEquals(before, features(client), "nothing polls: the edit waits for load");

        V2Client.Reply load = client.post("/v2/repository/models/weather/load", "");
        assertEquals(200, load.status(), new String(load.body()));
        assertEquals("[\"rain_mm\",\"tmax\",\"tmin\",\"wind_ms\"]", features(client));
    }
}
