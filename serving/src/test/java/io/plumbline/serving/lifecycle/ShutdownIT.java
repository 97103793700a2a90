package io.plumbline.serving.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.model.testing.TestModels;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.testing.ReadinessProbe;
import io.plumbline.testing.ServingProcess;
import io.plumbline.testing.Tally;
import io.plumbline.testing.Await;
import io.plumbline.testing.Directories;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM to the packaged jar (a child process) over HTTP: under load, and with requests in flight
 * on a slow model when the listeners close. The gRPC side is {@link GrpcShutdownIT}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ShutdownIT {
    /** The packaged jar: these tests run in the integration-test phase, after package. */
    static final Path JAR = Path.of("target", "plumbline-serving.jar").toAbsolutePath();

    static final String WEATHER_ROW = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
            + "\"data\":[1.2,25.0,14.0,2.2]}]}";
    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);
    private static final int CLIENTS = 8;
    private static final Pattern QUEUE_DEPTH = Pattern.compile(
            "inference_queue_depth\\{model=\"slow\",version=\"1\"} ([0-9.]+)");

    private Path dir;
    private ServingProcess serving;

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory("plumbline-shutdown");
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (serving != null) {
            serving.close();
        }
        Directories.deleteRecursively(dir);
    }

    static Path weatherRepository(Path dir) throws IOException {
        Path repo = dir.resolve("models");
        TestRepository.copyDemo(repo.resolve("weather"));
        return repo;
    }

    @Test
    void sigtermUnderLoad_failsNoRequestSentBeforeReadinessTurned503_andExits0() throws Exception {
        // A grace period long enough for the probe (every 20 ms) to see 503 while requests still succeed.
        serving = ServingProcess.start(JAR, "file:" + weatherRepository(dir), Map.of("PLUMBLINE_SHUTDOWN_GRACE_PERIOD", "2s",
                "PLUMBLINE_SHUTDOWN_DRAIN_TIMEOUT", "20s"), dir);
        HttpClient probeClient = http();
        AtomicReference<String> otherReadiness = new AtomicReference<>("not looked at");
        Tally tally = new Tally();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long sigterm;
        int exit;
        try (ReadinessProbe probe = new ReadinessProbe(() -> status(probeClient, "/v2/health/ready") == 200,
                () -> otherReadiness.set("model " + status(probeClient, "/v2/models/weather/ready") + ", /health/readiness "
                        + status(probeClient, "/health/readiness")))) {
            HttpRequest infer = HttpRequest.newBuilder(serving.uri("/v2/models/weather/infer"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(WEATHER_ROW)).build();
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> {
                    HttpClient mine = http();
                    while (!stop.get()) {
                        boolean after = probe.notReadySeen();
                        CompletableFuture<String> outcome = mine.sendAsync(infer, HttpResponse.BodyHandlers.ofString())
                                .handle((r, e) -> e != null ? failure(e)
                                        : r.statusCode() == 200 ? Tally.OK : r.statusCode() + " " + r.body());
                        tally.add(after, outcome);
                        // Once readiness is down and the server refuses, this client goes elsewhere.
                        if (!outcome.join().equals(Tally.OK) && after) {
                            return;
                        }
                    }
                });
            }
            Await.until(() -> tally.okSoFar() >= 200, Duration.ofSeconds(60), () -> "200 answers under load: " + tally);
            sigterm = System.nanoTime();
            serving.sigterm();
            exit = serving.awaitExit(EXIT_TIMEOUT);
            long exited = System.nanoTime();
            stop.set(true);
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS), "clients finish");
            System.out.printf("HTTP: after SIGTERM, readiness 503 seen at +%d ms, no answer from +%d ms, exit %d at "
                    + "+%d ms; %s%n", ms(sigterm, probe.notReadyAt()), ms(sigterm, probe.unreachableAt()), exit,
                    ms(sigterm, exited), tally);
            assertTrue(probe.notReadySeen(), "the probe saw readiness 503 before the server stopped answering");
        }
        assertEquals("model 503, /health/readiness 503", otherReadiness.get(),
                "model readiness and Micronaut's /health/readiness turn 503 together with /v2/health/ready");
        assertEquals(0, tally.failed(false), "requests sent before readiness turned 503 all succeed: " + tally);
        assertTrue(tally.ok(false) >= 200, tally.toString());
        assertTrue(tally.ok(true) > 0, "requests keep being served during the grace period: " + tally);
        assertEquals(0, exit, "exit code after a clean drain\n" + serving.log());
        assertPhasesInOrder(serving.log(), 0);
    }

    @Test
    void requestsInFlightWhenTheListenersClose_stillComplete() throws Exception {
        serving = ServingProcess.start(JAR, "file:" + slowRepository(), Map.of("PLUMBLINE_SHUTDOWN_GRACE_PERIOD", "0s",
                "PLUMBLINE_SHUTDOWN_DRAIN_TIMEOUT", "120s"), dir);
        List<CompletableFuture<String>> inFlight = sendSlowAndAwaitQueue();
        long pendingAtSigterm = inFlight.stream().filter(f -> !f.isDone()).count();
        long sigterm = System.nanoTime();
        serving.sigterm();
        Await.until(() -> refused(serving.httpPort()), Duration.ofSeconds(60), () -> "the HTTP listener closes");
        long closed = System.nanoTime();
        long pendingWhenClosed = inFlight.stream().filter(f -> !f.isDone()).count();
        int exit = serving.awaitExit(EXIT_TIMEOUT);
        List<String> outcomes = inFlight.stream().map(CompletableFuture::join).toList();
        System.out.printf("Slow model: %d of 4 requests unanswered at SIGTERM, %d when the listener closed (+%d ms); "
                + "exit %d at +%d ms; outcomes %s%n", pendingAtSigterm, pendingWhenClosed, ms(sigterm, closed), exit,
                ms(sigterm, System.nanoTime()), outcomes);
        assertTrue(pendingWhenClosed > 0, "a request was still running or queued when new connections were refused");
        assertEquals(List.of(Tally.OK, Tally.OK, Tally.OK, Tally.OK), outcomes, "in-flight requests complete");
        assertEquals(0, exit, serving.log());
        assertPhasesInOrder(serving.log(), 0);
    }

    @Test
    void aDrainTimeoutThatCutsRequests_isLoggedAndExits1() throws Exception {
        serving = ServingProcess.start(JAR, "file:" + slowRepository(), Map.of("PLUMBLINE_SHUTDOWN_GRACE_PERIOD", "0s",
                "PLUMBLINE_SHUTDOWN_DRAIN_TIMEOUT", "0s"), dir);
        List<CompletableFuture<String>> inFlight = sendSlowAndAwaitQueue();
        serving.sigterm();
        int exit = serving.awaitExit(EXIT_TIMEOUT);
        System.out.println("Drain timeout 0s: outcomes " + inFlight.stream().map(CompletableFuture::join).toList());
        assertTrue(serving.log().contains("Shutdown 3/5: drain timeout of 0s passed"), serving.log());
        assertEquals(1, exit, "requests were cut\n" + serving.log());
        assertPhasesInOrder(serving.log(), 1);
    }

    /** One slow model: one engine worker, no batching, so requests run one at a time while the others queue. */
    private Path slowRepository() throws IOException {
        Path repo = dir.resolve("models");
        TestModels.mlp(repo.resolve("slow").resolve("1"), 16, 1024, 4, 10, 7);
        Files.writeString(repo.resolve("slow").resolve("model.yaml"), "batching:\n  enabled: false\n  instances: 1\n");
        return repo;
    }

    /**
     * Sends four requests of 4096 rows (about 0.7 s each here, 4096 x 3.2M multiply-adds on one thread) and
     * returns once one runs and at least two wait: three or more are inside the server.
     */
    private List<CompletableFuture<String>> sendSlowAndAwaitQueue() {
        HttpRequest slow = HttpRequest.newBuilder(serving.uri("/v2/models/slow/infer"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(slowRows(4096))).build();
        List<CompletableFuture<String>> inFlight = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            inFlight.add(http().sendAsync(slow, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> e != null
                    ? failure(e) : r.statusCode() == 200 ? Tally.OK : r.statusCode() + " " + r.body()));
        }
        HttpClient metrics = http();
        Await.until(() -> queueDepth(metrics) >= 2, Duration.ofSeconds(60), () -> "two requests queued");
        return inFlight;
    }

    /** Phases 1 to 5 and the final line, in this order, once each. */
    static void assertPhasesInOrder(String log, int exitCode) {
        int at = -1;
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            lines.add("Shutdown " + i + "/5");
        }
        lines.add("Shutdown complete in ");
        lines.add("exit code " + exitCode);
        for (String line : lines) {
            int next = log.indexOf(line, at + 1);
            assertTrue(next > at, "log has '" + line + "' after the previous phase\n" + log);
            at = next;
        }
        System.out.println(log.lines().filter(l -> l.contains("Shutdown")).reduce("", (a, b) -> a + b + "\n"));
    }

    static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The status, or a RuntimeException when there is no answer. */
    private int status(HttpClient client, String path) {
        try {
            return client.send(HttpRequest.newBuilder(serving.uri(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new CompletionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    private int queueDepth(HttpClient client) {
        try {
            String text = client.send(HttpRequest.newBuilder(serving.uri("/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = QUEUE_DEPTH.matcher(text);
            return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean refused(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String slowRows(int rows) {
        StringBuilder b = new StringBuilder("{\"inputs\":[{\"name\":\"x\",\"shape\":[" + rows + ",16],\"datatype\":\"FP32\","
                + "\"data\":[");
        for (int i = 0; i < rows * 16; i++) {
            b.append(i == 0 ? "" : ",").append((i % 13) / 13.0);
        }
        return b.append("]}]}").toString();
    }

    static String failure(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getClass().getSimpleName();
    }

    static long ms(long from, long to) {
        return to < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(to - from);
    }
}
