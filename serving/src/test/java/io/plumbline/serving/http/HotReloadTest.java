package io.plumbline.serving.http;

import io.plumbline.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.model.Checksums;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Versions and aliases change under load, through the registry watcher: a new version is
 * published, the production alias moves to it and back, a corrupt version and an alias to it
 * appear. Eight clients keep sending requests throughout; not one may fail.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotReloadTest implements TestPropertyProvider {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final String BODY = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
            + "\"data\":[1.2,25.0,14.0,2.2]}]}";

    @Inject
    EmbeddedServer server;

    private Path repo;
    private V2Client client;

    @Override
    public Map<String, String> getProperties() {
        try {
            repo = Files.createTempDirectory("plumbline-hot");
            Path model = repo.resolve("hot");
            TestRepository.copyDemo(model);
            Files.writeString(model.resolve("model.yaml"), Files.readString(model.resolve("model.yaml"))
                    .replace("latest: 1", "all"));
            Files.writeString(model.resolve("aliases.yaml"), "production: 1\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("plumbline.registry.uri", repo.toString(), "micronaut.server.port", "-1",
                "plumbline.registry.poll-interval", POLL.toMillis() + "ms");
    }

    @BeforeAll
    void start() {
        client = new V2Client(server.getURI());
        client.awaitReady();
    }

    /** Publishes a directory the way a registry should: build aside, then one atomic rename. */
    private void publishVersion(long version, boolean corrupt) throws IOException {
        Path staging = Files.createTempDirectory(repo, ".staging");
        for (String f : List.of("model.onnx", "reference-profile.json", Checksums.FILE_NAME)) {
            Files.copy(TestRepository.DEMO.resolve("1").resolve(f), staging.resolve(f));
        }
        if (corrupt) {
            Files.writeString(staging.resolve(Checksums.FILE_NAME), "f".repeat(64) + "  model.onnx\n");
        }
        Files.move(staging, repo.resolve("hot").resolve(Long.toString(version)), StandardCopyOption.ATOMIC_MOVE);
    }

    private void setAliases(String yaml) throws IOException {
        Path tmp = Files.createTempFile(repo, ".aliases", ".yaml");
        Files.writeString(tmp, yaml);
        Files.move(tmp, repo.resolve("hot").resolve("aliases.yaml"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }


    @Test
    void versionsAndAliasesChangeUnderLoad_withoutAFailedRequest() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        AtomicReference<String> lastVersion = new AtomicReference<>("");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int c = 0; c < 8; c++) {
            clients.submit(() -> {
                V2Client mine = new V2Client(server.getURI());
                while (running.get()) {
                    V2Client.Reply r = mine.post("/v2/models/hot/infer", BODY);
                    if (r.status() == 200) {
                        ok.incrementAndGet();
                        lastVersion.set(r.json().get("model_version").asText());
                    } else {
                        failures.computeIfAbsent(r.status() + " " + new String(r.body()), k -> new AtomicInteger())
                                .incrementAndGet();
                    }
                }
                return null;
            });
        }
        try {
            Await.until(() -> lastVersion.get().equals("1") && ok.get() > 20, AWAIT,
                    () -> "traffic flows to version 1");

            publishVersion(2, false);
            Await.until(() -> client.get("/v2/models/hot/versions/2/ready").status() == 200, AWAIT,
                    () -> "version 2 is ready");
            int before = ok.get();
            Await.until(() -> ok.get() > before + 20, AWAIT,
                    () -> "more traffic");
            assertEquals("1", lastVersion.get(), "the production alias still routes to 1");

            long moved = System.nanoTime();
            setAliases("production: 2\nstaging: 1\n");
            Await.until(() -> versionOfNext().equals("2"), AWAIT,
                    () -> "traffic moves to version 2");
            long switchMs = (System.nanoTime() - moved) / 1_000_000;
            assertEquals("1", client.get("/v2/models/hot/versions/staging/ready").json().get("version").asText());
            JsonNode meta = client.get("/v2/models/hot").json();
            assertEquals(2, meta.get("aliases").get("production").asInt());
            assertEquals("[\"1\",\"2\"]", meta.get("versions").toString());

            setAliases("production: 1\n");
            Await.until(() -> versionOfNext().equals("1"), AWAIT,
                    () -> "traffic moves back to version 1");

            publishVersion(3, true);
            Await.until(() -> indexState("3").contains("checksum mismatch"), AWAIT,
                    () -> "version 3 is refused and reported");
            setAliases("production: 3\n");
            Await.until(() -> indexReasons().contains("alias 'production' points to version 3"), AWAIT,
                    () -> "the bad alias is reported");
            assertEquals("1", versionOfNext(), "an alias to an unloadable version keeps its last good target");
            assertEquals(200, client.get("/v2/models/hot/versions/1/ready").status());
            assertEquals(200, client.get("/v2/models/hot/versions/2/ready").status());
            assertEquals(404, client.get("/v2/models/hot/versions/3/ready").status());
            int last = ok.get();
            Await.until(() -> ok.get() > last + 20, AWAIT,
                    () -> "traffic continues");
            assertTrue(switchMs < 5 * POLL.toMillis() + 2000, "alias switch took " + switchMs + " ms");
        } finally {
            running.set(false);
            clients.shutdown();
            assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertEquals(Map.of(), Map.copyOf(failures), "no request may fail while versions change");
        assertTrue(ok.get() > 100, "requests answered: " + ok.get());
    }

    private String versionOfNext() {
        return client.post("/v2/models/hot/infer", BODY).json().get("model_version").asText();
    }

    private String indexState(String version) {
        for (JsonNode e : client.post("/v2/repository/index", "{}").json()) {
            if (e.get("name").asText().equals("hot") && e.path("version").asText().equals(version)) {
                return e.get("state").asText() + " " + e.path("reason").asText();
            }
        }
        return "";
    }

    private String indexReasons() {
        StringBuilder b = new StringBuilder();
        client.post("/v2/repository/index", "{}").json().forEach(e -> b.append(e.path("reason").asText()).append('\n'));
        return b.toString();
    }
}
