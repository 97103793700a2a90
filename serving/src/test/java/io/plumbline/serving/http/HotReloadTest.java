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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
            // The demo's own policy, latest: 1: each new version retires the one serving.
            TestRepository.copyDemo(repo.resolve("churn"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("plumbline.registry.uri", repo.toString(), "micronaut.server.port", "-1",
                "plumbline.registry.poll-interval", POLL.toMillis() + "ms",
                "plumbline.repository-api.enabled", "true");
    }

    @BeforeAll
    void start() {
        client = new V2Client(server.getURI());
        client.awaitReady();
    }

    /** Publishes a directory the way a registry should: build aside, then one atomic rename. */
    private void publishVersion(long version, boolean corrupt) throws IOException {
        publishVersion("hot", version, corrupt);
    }

    private void publishVersion(String model, long version, boolean corrupt) throws IOException {
        Path staging = Files.createTempDirectory(repo, ".staging");
        for (String f : List.of("model.onnx", "reference-profile.json", Checksums.FILE_NAME)) {
            Files.copy(TestRepository.DEMO.resolve("1").resolve(f), staging.resolve(f));
        }
        if (corrupt) {
            Files.writeString(staging.resolve(Checksums.FILE_NAME), "f".repeat(64) + "  model.onnx\n");
        }
        Files.move(staging, repo.resolve(model).resolve(Long.toString(version)), StandardCopyOption.ATOMIC_MOVE);
    }

    private void setAliases(String yaml) throws IOException {
        Path tmp = Files.createTempFile(repo, ".aliases", ".yaml");
        Files.writeString(tmp, yaml);
        Files.move(tmp, repo.resolve("hot").resolve("aliases.yaml"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }


    @Test
    void versionsAndAliasesChangeUnderLoad_withoutAFailedRequest() throws Exception {
        Load load = new Load("/v2/models/hot/infer");
        AtomicInteger ok = load.ok;
        AtomicReference<String> lastVersion = load.lastVersion;
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
            load.stop();
        }
        assertEquals(Map.of(), load.failures(), "no request may fail while versions change");
        assertTrue(ok.get() > 100, "requests answered: " + ok.get());
        String metrics = new String(client.get("/prometheus").body());
        assertTrue(metrics.contains("\nregistry_poll_consecutive_failures 0.0\n"), "every poll succeeded");
        double lastPoll = Double.parseDouble(metrics.replaceFirst("(?s).*\nregistry_poll_last_success_seconds (\\S+)\n.*", "$1"));
        assertTrue(Math.abs(System.currentTimeMillis() / 1000.0 - lastPoll) < 60, "last successful poll: " + lastPoll);
    }

    /**
     * {@code latest: 1} retires the serving version each time a new one is published, while eight
     * clients are in flight on it; a version whose files change is reloaded under the same
     * number. Every request must succeed, and every answer must come from a version that was
     * published by then.
     */
    @Test
    void latestOneRetiresVersionsUnderLoad_withoutAFailedRequest() throws Exception {
        Load load = new Load("/v2/models/churn/infer");
        int published = 1;
        try {
            Await.until(() -> load.ok.get() > 20, AWAIT, () -> "traffic flows to churn/1");
            for (int v = 2; v <= 8; v++) {
                publishVersion("churn", v, false);
                published = v;
                String version = Long.toString(v);
                Await.until(() -> version.equals(versionOf("/v2/models/churn/infer")), AWAIT,
                        () -> "traffic moves to churn/" + version);
                int before = load.ok.get();
                Await.until(() -> load.ok.get() > before + 20, AWAIT, () -> "traffic continues on churn/" + version);
                if (v % 2 == 0) {
                    // The same version number with changed files: reloaded beside itself, then swapped.
                    touch(repo.resolve("churn").resolve(version).resolve("model.onnx"));
                    Thread.sleep(3 * POLL.toMillis());
                    int after = load.ok.get();
                    Await.until(() -> load.ok.get() > after + 20 && indexState("churn", version).startsWith("READY"),
                            AWAIT, () -> "churn/" + version + " serves after its reload (answered " + load.ok.get()
                                    + ", failures " + load.failures() + ", index: " + indexState("churn", version) + ")");
                }
            }
        } finally {
            load.stop();
        }
        assertEquals(Map.of(), load.failures(), "no request may fail while versions retire");
        int last = published;
        assertTrue(load.versions().stream().allMatch(v -> Integer.parseInt(v) >= 1 && Integer.parseInt(v) <= last),
                "answers came from versions " + load.versions());
        assertTrue(load.versions().size() >= 7, "answers from most of the versions: " + load.versions());
        assertTrue(load.ok.get() > 200, "requests answered: " + load.ok.get());
    }

    private static void touch(Path file) throws IOException {
        // A new mtime (nanoseconds) changes the version's fingerprint, as a re-upload would.
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
    }

    /**
     * Eight client threads sending one request after another until stopped. Every thread's future
     * is kept, and every failure, HTTP or transport, is tallied by its message.
     */
    private final class Load {
        final AtomicInteger ok = new AtomicInteger();
        final AtomicReference<String> lastVersion = new AtomicReference<>("");
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        private final Map<String, Boolean> versions = new ConcurrentHashMap<>();
        private final ExecutorService threads = Executors.newFixedThreadPool(8);
        private final List<Future<Integer>> clients = new ArrayList<>();

        Load(String path) {
            for (int c = 0; c < 8; c++) {
                clients.add(threads.submit(() -> {
                    V2Client mine = new V2Client(server.getURI());
                    int sent = 0;
                    while (running.get()) {
                        sent++;
                        try {
                            V2Client.Reply r = mine.post(path, BODY);
                            if (r.status() == 200) {
                                String v = r.json().get("model_version").asText();
                                versions.put(v, true);
                                lastVersion.set(v);
                                ok.incrementAndGet();
                            } else {
                                fail(r.status() + " " + new String(r.body()));
                            }
                        } catch (RuntimeException e) {
                            fail("transport: " + e);
                        }
                    }
                    return sent;
                }));
            }
        }

        private void fail(String what) {
            failures.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
        }

        /** Stops the clients and checks each ended normally; returns the requests they sent. */
        int stop() throws Exception {
            running.set(false);
            threads.shutdown();
            assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS), "client threads ended");
            int sent = 0;
            for (Future<Integer> f : clients) {
                sent += f.get();
            }
            return sent;
        }

        Map<String, Integer> failures() {
            Map<String, Integer> out = new java.util.TreeMap<>();
            failures.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }

        java.util.Set<String> versions() {
            return new java.util.TreeSet<>(versions.keySet());
        }
    }

    private String versionOfNext() {
        return versionOf("/v2/models/hot/infer");
    }

    private String versionOf(String path) {
        V2Client.Reply r = client.post(path, BODY);
        if (r.status() != 200) {
            throw new AssertionError("a probe request failed: " + r.status() + " " + new String(r.body()));
        }
        return r.json().get("model_version").asText();
    }

    private String indexState(String version) {
        return indexState("hot", version);
    }

    private String indexState(String model, String version) {
        for (JsonNode e : client.post("/v2/repository/index", "{}").json()) {
            if (e.get("name").asText().equals(model) && e.path("version").asText().equals(version)) {
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
