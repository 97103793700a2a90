package io.plumbline.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.testing.Await;
import io.plumbline.testing.Directories;
import io.plumbline.testing.ReadinessProbe;
import io.plumbline.testing.ServingProcess;
import io.plumbline.testing.Tally;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Serving stopped by signals under load, as an orchestrator and a crash stop it. SIGTERM: readiness
 * turns 503, the server keeps answering for its grace period, drains and exits 0; no request sent
 * before a readiness probe (every 20 ms, as a load balancer) saw 503 may fail. SIGKILL: requests in
 * flight fail (nothing can save them); the next start on the same ports serves again, and the
 * time from start to ready is measured.
 */
class ServingSignalsTest {
    private static final int CLIENTS = 8;
    private static final String BODY = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
            + "\"data\":[1.2,25.0,14.0,2.2]}]}";

    private Path dir;
    private ServingProcess serving;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("plumbline-signals");
    }

    @AfterEach
    void tearDown() throws IOException {
        if (serving != null) {
            serving.close();
            // The child's log outlives its temporary directory, for a person reading a failure.
            Files.createDirectories(Repo.output());
            Files.copy(dir.resolve("serving.log"), Repo.output().resolve("serving-signals-serving.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Directories.deleteRecursively(dir);
    }

    @Test
    void sigtermDrainsWithoutAFailedRequest_andSigkillRestartsToServing() throws Exception {
        int rounds = Form.current().pick(1, 3);
        ScenarioRow.Builder row = ScenarioRow.named("Serving SIGTERM and SIGKILL under load", 40).runs(rounds);
        serving = ServingProcess.start(Repo.jar("serving/target/plumbline-serving.jar"),
                "file:" + Repo.path("models"), Map.of("PLUMBLINE_SHUTDOWN_GRACE_PERIOD", "2s",
                        "PLUMBLINE_SHUTDOWN_DRAIN_TIMEOUT", "20s", "PLUMBLINE_EVENTS_SINK", "none"), dir);
        long sentBeforeNotReady = 0;
        long failedBeforeNotReady = 0;
        long servedInGrace = 0;
        long sentAtKill = 0;
        long failedAtKill = 0;
        List<Integer> exitCodes = new ArrayList<>();
        List<Long> restartMillis = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            // SIGTERM under load.
            Tally tally = new Tally();
            int exit;
            try (ReadinessProbe probe = new ReadinessProbe(() -> ready(), () -> { })) {
                Load load = new Load(tally, probe::notReadySeen);
                Await.until(() -> tally.okSoFar() >= 200, Duration.ofSeconds(60), () -> "answers under load: " + tally);
                serving.sigterm();
                exit = serving.awaitExit(Duration.ofSeconds(60));
                load.stop();
                assertTrue(probe.notReadySeen(), "the probe saw readiness 503 before the server stopped answering");
            }
            exitCodes.add(exit);
            sentBeforeNotReady += tally.ok(false) + tally.failed(false);
            failedBeforeNotReady += tally.failed(false);
            servedInGrace += tally.ok(true);
            restartMillis.add(restart());

            // SIGKILL under load: a crash; in-flight requests fail, the next start serves again.
            Tally killed = new Tally();
            Load load = new Load(killed, () -> !serving.alive());
            Await.until(() -> killed.okSoFar() >= 200, Duration.ofSeconds(60), () -> "answers under load: " + killed);
            serving.process().sigkill();
            load.stop();
            sentAtKill += killed.ok(false) + killed.failed(false) + killed.ok(true) + killed.failed(true);
            failedAtKill += killed.failed(false) + killed.failed(true);
            restartMillis.add(restart());
        }
        long sent = sentBeforeNotReady;
        long failed = failedBeforeNotReady;
        row.requests(sent, failed).faults(2L * rounds)
                .note("SIGTERM: " + sent + " requests sent before readiness turned 503, " + failed + " failed; "
                        + servedInGrace + " more answered during the 2 s grace period; exit codes " + exitCodes)
                .note("SIGKILL: " + failedAtKill + " of " + sentAtKill + " requests failed (the in-flight ones and "
                        + "those sent until the clients saw the process gone; a crash cannot answer them)")
                .note("start to ready after each stop (ms): " + restartMillis);
        Results.record(row, () -> {
            assertEquals(0, failed, "requests sent before readiness turned 503 all succeed");
            assertTrue(exitCodes.stream().allMatch(c -> c == 0), "SIGTERM exits 0 after a clean drain: " + exitCodes);
            assertTrue(restartMillis.stream().allMatch(ms -> ms < ServingProcess.START_TIMEOUT.toMillis()),
                    "every restart serves again within the start-up timeout: " + restartMillis);
        });
    }

    /** Starts serving again on the same ports; returns the milliseconds until it was ready. */
    private long restart() {
        long t0 = System.nanoTime();
        serving.restart();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private boolean ready() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        return http.send(HttpRequest.newBuilder(serving.uri("/v2/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /**
     * Clients that send until stopped, each request's outcome kept in the tally, marked by whether
     * {@code after} held when it was sent. A client stops by itself after its first failure once
     * {@code after} holds (a load balancer would have moved it elsewhere).
     */
    private final class Load {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        private final List<java.util.concurrent.Future<?>> clients = new ArrayList<>();

        Load(Tally tally, java.util.function.BooleanSupplier after) {
            HttpRequest infer = HttpRequest.newBuilder(serving.uri("/v2/models/weather/infer"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(threads.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                    while (!stop.get()) {
                        boolean sentAfter = after.getAsBoolean();
                        CompletableFuture<String> outcome = http.sendAsync(infer, HttpResponse.BodyHandlers.ofString())
                                .handle((r, e) -> e != null ? e.getClass().getSimpleName()
                                        : r.statusCode() == 200 ? Tally.OK : r.statusCode() + " " + r.body());
                        tally.add(sentAfter, outcome);
                        if (!outcome.join().equals(Tally.OK) && (sentAfter || !serving.alive())) {
                            return null;
                        }
                    }
                    return null;
                }));
            }
        }

        /** Stops the clients; a client thread that died of an unexpected exception fails here. */
        void stop() throws Exception {
            stop.set(true);
            threads.shutdown();
            assertTrue(threads.awaitTermination(60, TimeUnit.SECONDS), "client threads end");
            for (java.util.concurrent.Future<?> f : clients) {
                f.get();
            }
        }
    }
}
