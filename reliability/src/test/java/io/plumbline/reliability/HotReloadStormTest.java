package io.plumbline.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.testing.Await;
import io.plumbline.testing.Directories;
import io.plumbline.testing.ServingProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hot-reload storm: eight clients send predictions to a packaged serving process for the whole
 * run while, once a second, the repository changes under it: a new version is published (policy
 * {@code latest: 1} retires the serving one under load), the {@code production} alias moves to
 * an older version (loaded again) or back to none, a version whose checksum is wrong appears and an
 * alias points to it, and a version is copied file by file, its model written in slices, as a
 * careless upload would.
 *
 * <p>Counted by the clients: every request's status and the version that answered, with the time
 * the answer arrived. Every request must succeed, and every answer must come from a version that
 * was complete and valid in the repository when the answer arrived: never the corrupt one, never
 * the half-copied one before its last byte was written.
 */
class HotReloadStormTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 8;
    private static final String MODEL = "storm";
    private static final String BODY = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
            + "\"data\":[1.2,25.0,14.0,2.2]}]}";
    private static final Path DEMO = Repo.path("models/weather");
    private static final List<String> VERSION_FILES = List.of("model.onnx", "reference-profile.json", "SHA256SUMS");

    private Path dir;
    private Path repo;
    private ServingProcess serving;
    /** Version -> System.nanoTime() at which its last file was in place (valid from then on). */
    private final Map<Long, Long> validSince = new ConcurrentHashMap<>();
    private final List<Long> corrupt = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("plumbline-storm");
        repo = dir.resolve("models");
        Path model = repo.resolve(MODEL);
        Files.createDirectories(model);
        Files.copy(DEMO.resolve("model.yaml"), model.resolve("model.yaml"));
        assertTrue(Files.readString(model.resolve("model.yaml")).contains("latest: 1"),
                "the demo manifest retires versions: latest: 1");
        publish(1);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (serving != null) {
            serving.close();
            // The child's log outlives its temporary directory, for a person reading a failure.
            Files.createDirectories(Repo.output());
            Files.copy(dir.resolve("serving.log"), Repo.output().resolve("hot-reload-storm-serving.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Directories.deleteRecursively(dir);
    }

    @Test
    void reloadStorm_failsNoRequest_andAnswersOnlyFromValidVersions() throws Exception {
        Form form = Form.current();
        int seconds = form.pick(20, 60);
        ScenarioRow.Builder row = ScenarioRow.named("Hot-reload storm", 30);
        serving = ServingProcess.start(Repo.jar("serving/target/plumbline-serving.jar"), "file:" + repo,
                Map.of("PLUMBLINE_REGISTRY_POLL_INTERVAL", "200ms", "PLUMBLINE_EVENTS_SINK", "none",
                        "PLUMBLINE_REPOSITORY_API_ENABLED", "true"), dir);

        Clients clients = new Clients();
        Random random = new Random(11);
        long next = 2;
        int published = 0;
        int aliasMoves = 0;
        int faults = 0;
        try {
            Await.until(() -> clients.ok.get() > 50, Duration.ofSeconds(60), () -> "traffic flows");
            for (int tick = 1; tick <= seconds; tick++) {
                long tickStart = System.nanoTime();
                switch (tick % 6) {
                    case 1, 4 -> {
                        publish(next++);
                        published++;
                    }
                    case 2 -> {
                        // An older valid version: loaded again beside the latest, then routed to.
                        List<Long> valid = new ArrayList<>(new TreeMap<>(validSince).keySet());
                        aliases("production: " + valid.get(random.nextInt(valid.size())) + "\n");
                        aliasMoves++;
                    }
                    case 3 -> {
                        if (tick % 12 == 3) {
                            publishCorrupt(next++);
                            aliases("production: " + (next - 1) + "\n");
                        } else {
                            aliases("");
                        }
                        aliasMoves++;
                        faults++;
                    }
                    case 5 -> {
                        if (tick % 12 == 5) {
                            copyFileByFile(next++);
                            faults++;
                        } else {
                            aliases("");
                            aliasMoves++;
                        }
                    }
                    default -> aliases("");
                }
                long left = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - tickStart);
                if (left > 0) {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
            }
        } finally {
            clients.stop();
        }

        Map<String, Integer> failures = clients.failures();
        List<String> invalid = clients.invalidAnswers(validSince);
        Map<Long, Integer> byVersion = clients.byVersion();
        row.requests(clients.sent(), failures.values().stream().mapToInt(Integer::intValue).sum())
                .faults(faults)
                .note(seconds + " s, " + CLIENTS + " clients; " + published + " versions published under latest: 1, "
                        + aliasMoves + " alias changes, " + corrupt.size() + " corrupt version(s) with an alias to it, "
                        + "half-copied versions; answers by version " + byVersion);
        Results.record(row, () -> {
            assertEquals(Map.of(), failures, "no request may fail during the storm");
            assertEquals(List.of(), invalid, "every answer comes from a version valid when it arrived");
            for (long c : corrupt) {
                assertTrue(!byVersion.containsKey(c), "the corrupt version " + c + " never answers");
            }
            assertTrue(byVersion.size() >= 4, "answers came from several versions: " + byVersion);
            String index = post("/v2/repository/index");
            for (long c : corrupt) {
                assertTrue(index.contains("checksum mismatch"), "the corrupt version is reported: " + index);
            }
        });
    }

    /** Publishes a complete version the way a registry should: written aside, then one atomic rename. */
    private void publish(long version) throws IOException {
        Path staging = Files.createTempDirectory(repo, ".staging");
        for (String f : VERSION_FILES) {
            Files.copy(DEMO.resolve("1").resolve(f), staging.resolve(f));
        }
        Files.move(staging, repo.resolve(MODEL).resolve(Long.toString(version)), StandardCopyOption.ATOMIC_MOVE);
        validSince.put(version, System.nanoTime());
    }

    private void publishCorrupt(long version) throws IOException {
        Path staging = Files.createTempDirectory(repo, ".staging");
        for (String f : VERSION_FILES) {
            Files.copy(DEMO.resolve("1").resolve(f), staging.resolve(f));
        }
        Files.writeString(staging.resolve("SHA256SUMS"), "f".repeat(64) + "  model.onnx\n");
        Files.move(staging, repo.resolve(MODEL).resolve(Long.toString(version)), StandardCopyOption.ATOMIC_MOVE);
        corrupt.add(version);
    }

    /**
     * Copies a version in place, one file after another, the model in eight slices a poll interval
     * apart: polls see it with checksums and no model, then with part of the model. It is valid only
     * once the last byte is written.
     */
    private void copyFileByFile(long version) throws IOException, InterruptedException {
        Path target = repo.resolve(MODEL).resolve(Long.toString(version));
        Files.createDirectories(target);
        Files.copy(DEMO.resolve("1").resolve("SHA256SUMS"), target.resolve("SHA256SUMS"));
        Thread.sleep(250);
        byte[] model = Files.readAllBytes(DEMO.resolve("1").resolve("model.onnx"));
        try (OutputStream out = Files.newOutputStream(target.resolve("model.onnx"))) {
            int slice = (model.length + 7) / 8;
            for (int off = 0; off < model.length; off += slice) {
                out.write(model, off, Math.min(slice, model.length - off));
                out.flush();
                Thread.sleep(120);
            }
        }
        Files.copy(DEMO.resolve("1").resolve("reference-profile.json"), target.resolve("reference-profile.json"));
        validSince.put(version, System.nanoTime());
    }

    private void aliases(String yaml) throws IOException {
        Path tmp = Files.createTempFile(repo, ".aliases", ".yaml");
        Files.writeString(tmp, yaml);
        Files.move(tmp, repo.resolve(MODEL).resolve("aliases.yaml"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private String post(String path) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        return http.send(HttpRequest.newBuilder(serving.uri(path)).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Eight client threads, one request after another; every outcome tallied by the client itself. */
    private final class Clients {
        private record Answer(long version, long arrivedAt) {
        }

        final AtomicLong ok = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, Integer> failures = new ConcurrentHashMap<>();
        private final List<List<Answer>> answers = new ArrayList<>();
        private final ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        private final List<Future<Long>> sent = new ArrayList<>();

        Clients() {
            HttpRequest request = HttpRequest.newBuilder(serving.uri("/v2/models/" + MODEL + "/infer"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
            for (int c = 0; c < CLIENTS; c++) {
                List<Answer> mine = new ArrayList<>();
                answers.add(mine);
                sent.add(threads.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                    long n = 0;
                    while (running.get()) {
                        n++;
                        try {
                            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                            long arrived = System.nanoTime();
                            if (r.statusCode() != 200) {
                                failures.merge(r.statusCode() + " " + r.body(), 1, Integer::sum);
                                continue;
                            }
                            JsonNode body = JSON.readTree(r.body());
                            mine.add(new Answer(Long.parseLong(body.get("model_version").asText()), arrived));
                            ok.incrementAndGet();
                        } catch (IOException e) {
                            failures.merge("transport: " + e, 1, Integer::sum);
                        }
                    }
                    return n;
                }));
            }
        }

        void stop() throws Exception {
            running.set(false);
            threads.shutdown();
            assertTrue(threads.awaitTermination(60, TimeUnit.SECONDS), "client threads end");
        }

        /** Requests sent, from every client's own count (a client that died would fail here). */
        long sent() throws Exception {
            long total = 0;
            for (Future<Long> f : sent) {
                total += f.get();
            }
            return total;
        }

        Map<String, Integer> failures() {
            return new TreeMap<>(failures);
        }

        Map<Long, Integer> byVersion() {
            Map<Long, Integer> out = new TreeMap<>();
            answers.forEach(list -> list.forEach(a -> out.merge(a.version(), 1, Integer::sum)));
            return out;
        }

        /** Answers from a version that was not complete and valid when they arrived. */
        List<String> invalidAnswers(Map<Long, Long> validSince) {
            List<String> out = new ArrayList<>();
            for (List<Answer> list : answers) {
                for (Answer a : list) {
                    Long since = validSince.get(a.version());
                    if (since == null || a.arrivedAt() < since) {
                        out.add("version " + a.version() + (since == null ? " (never valid)" : " before it was complete"));
                    }
                }
            }
            return out.size() > 20 ? out.subList(0, 20) : out;
        }
    }
}
