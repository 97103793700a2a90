package io.plumbline.reliability;

import static io.plumbline.reliability.SlowConnections.Kind.BODY_STALLED;
import static io.plumbline.reliability.SlowConnections.Kind.BODY_TRICKLED;
import static io.plumbline.reliability.SlowConnections.Kind.HEADERS_TRICKLED;
import static io.plumbline.reliability.SlowConnections.Kind.IDLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plumbline.reliability.SlowConnections.Conn;
import io.plumbline.reliability.SlowConnections.Kind;
import io.plumbline.testing.Await;
import io.plumbline.testing.Directories;
import io.plumbline.testing.ServingProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slowloris and connection floods against the packaged serving jar, idle-timeout set to 3 s: connections
 * that trickle request headers or a body one byte a second, bodies announced and never finished, and a
 * flood of idle connections topped up to its size for the whole phase. Meanwhile 4 keep-alive clients send
 * infer requests and a probe opens a new connection for readiness every 200 ms: none of them may fail.
 *
 * <p>What is asserted is what Micronaut 4.10 provides: a connection on which nothing moves for the idle
 * timeout is closed (stalled bodies, idle connections, trickling connections once they stop). Trickling
 * connections are bounded by serving's header and body deadlines ({@code plumbline.http.*}, defaults 10 s
 * and 20 s + 1 s per 500 bytes); the scenario records how many the server closed while they trickled.
 * The connection cap is set above the flood: this scenario is about a flood the server accepts (the cap
 * itself is tested in serving's ConnectionCapTest).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SlowClientsTest {
    static final String SCENARIO = "Slow clients and connection floods";
    private static final int IDLE_TIMEOUT_S = 3;
    private static final int CLIENTS = 4;
    private static final long TICK_MS = 1000;
    private static final Duration AWAIT = Duration.ofSeconds(60);
    private static final Duration AFTER = Duration.ofSeconds(3);

    @Test
    void otherClientsAreAnswered_andSilentConnectionsCloseAfterTheIdleTimeout() throws Exception {
        Form form = Form.current();
        ScenarioRow.Builder row = ScenarioRow.named(SCENARIO, 70);
        Path dir = Repo.output().resolve("slow-clients");
        Directories.deleteRecursively(dir);
        Files.createDirectories(dir.resolve("serving"));
        copy(Repo.path("models/weather"), dir.resolve("models/weather"));
        Results.record(row, () -> run(form, dir, row));
    }

    private void run(Form form, Path dir, ScenarioRow.Builder row) throws Exception {
        int trickled = form.pick(20, 100);
        int stalled = form.pick(50, 200);
        int flood = form.pick(1000, 3000);
        Duration phase = Duration.ofSeconds(form.pick(20, 90));
        long started = System.nanoTime();
        Map<String, String> env = Map.of("MICRONAUT_SERVER_IDLE_TIMEOUT", IDLE_TIMEOUT_S + "s",
                "PLUMBLINE_EVENTS_SINK", "none", "PLUMBLINE_SHUTDOWN_GRACE_PERIOD", "0s",
                "PLUMBLINE_HTTP_MAX_CONNECTIONS", "20000");
        try (ServingProcess serving = ServingProcess.start(Repo.jar("serving/target/plumbline-serving.jar"),
                "file:" + dir.resolve("models"), env, dir.resolve("serving"))) {
            InferLoad load = InferLoad.start(serving.uri("/v2/models/weather/infer"), CLIENTS, "1"::equals);
            FreshConnectionProbe probe = new FreshConnectionProbe(serving.httpPort(), 200);
            long faults = 0;
            try (SlowConnections slow = new SlowConnections(serving.httpPort(), TICK_MS)) {
                Await.until(() -> load.ok() >= 200, AWAIT, () -> "normal clients answered: " + load.summary());
                long okAtPhase = load.ok();
                slow.open(HEADERS_TRICKLED, trickled);
                slow.open(BODY_TRICKLED, trickled);
                slow.open(BODY_STALLED, stalled);
                slow.flood(flood);
                long peakIdle = 0;
                long end = System.nanoTime() + phase.toNanos();
                while (System.nanoTime() < end) {
                    // The phase is the load's duration, not a wait for a condition.
                    TimeUnit.MILLISECONDS.sleep(250);
                    slow.check();
                    peakIdle = Math.max(peakIdle, slow.openNow(IDLE));
                }
                long phaseOk = load.ok() - okAtPhase;
                long headersOpen = slow.openNow(HEADERS_TRICKLED);
                long bodiesOpen = slow.openNow(BODY_TRICKLED);
                long stalledClosed = slow.closedByServer(BODY_STALLED);
                slow.stopTrickling();
                slow.flood(0);
                Await.until(() -> Arrays.stream(Kind.values()).allMatch(k -> slow.openNow(k) == 0), AWAIT,
                        () -> "every silent connection closed by the server; open: " + openCounts(slow));
                slow.check();
                // The normal clients' rate with no slow client left, for comparison (measured last: JIT warm).
                long okAfter0 = load.ok();
                TimeUnit.SECONDS.sleep(AFTER.toSeconds());
                long okAfter = load.ok() - okAfter0;
                faults = 2L * trickled + stalled + slow.of(IDLE).size();
                row.note(String.format("phase %d s, idle-timeout %d s: %d header-tricklers and %d body-tricklers "
                        + "(1 byte/s), %d stalled bodies (Content-Length 1000, 10 bytes sent), idle flood kept at %d "
                        + "(peak %d open, %d opened, %d connect failures)", phase.toSeconds(), IDLE_TIMEOUT_S,
                        trickled, trickled, stalled, flood, peakIdle, slow.of(IDLE).size(), slow.connectFailures(IDLE)));
                row.note("trickling connections the server closed while they trickled: headers "
                        + (trickled - headersOpen) + " of " + trickled + ", bodies " + (trickled - bodiesOpen) + " of "
                        + trickled + " (idle-timeout restarts on every byte; plumbline.http's deadlines bound them); once the "
                        + "trickle stopped all were closed, " + closedAfterLastByte(slow, HEADERS_TRICKLED) + " (headers) and "
                        + closedAfterLastByte(slow, BODY_TRICKLED) + " (bodies) after their last byte");
                row.note("stalled bodies closed by the server during the phase: " + stalledClosed + " of " + stalled
                        + ", " + closedAfterLastByte(slow, BODY_STALLED) + " after their last byte, first answer line "
                        + answers(slow, BODY_STALLED));
                row.note("idle connections closed by the server " + closedAfterLastByte(slow, IDLE)
                        + " after connecting, answer " + answers(slow, IDLE));
                row.note(String.format("normal clients: %.0f answers/s during the phase, %.0f in %d s after every slow "
                        + "connection had gone", phaseOk / (double) phase.toSeconds(), okAfter / (double) AFTER.toSeconds(),
                        AFTER.toSeconds()));
                checks(stalled, stalledClosed, slow);
            } finally {
                load.stop();
                probe.stop();
                row.requests(load.sent() + probe.sent(), load.failed() + probe.failed()).faults(faults);
                row.note(CLIENTS + " keep-alive clients: " + load.summary());
                row.note("fresh-connection probe: " + probe.summary());
                row.note(String.format("scenario took %.1f s including start-up", seconds(System.nanoTime() - started)));
            }
            assertEquals(0, load.failed(), "normal clients failed: " + load.firstFailures());
            assertEquals(load.sent(), load.ok() + load.failed(), "every request sent was tallied");
            assertEquals(0, probe.failed(), "new connections failed: " + probe.summary());
        }
    }

    private static void checks(int stalled, long stalledClosed, SlowConnections slow) {
        assertEquals(stalled, stalledClosed, "stalled bodies closed by the server within the phase (idle-timeout "
                + IDLE_TIMEOUT_S + " s)");
        assertEquals(0, slow.connectFailures(HEADERS_TRICKLED) + slow.connectFailures(BODY_TRICKLED)
                + slow.connectFailures(BODY_STALLED), "slow clients could connect");
    }

    private static String openCounts(SlowConnections slow) {
        StringBuilder s = new StringBuilder();
        for (Kind k : Kind.values()) {
            s.append(k).append('=').append(slow.openNow(k)).append(' ');
        }
        return s.toString().trim();
    }

    /** "min/median/max ms" from each connection's last byte sent to the server's close. */
    private static String closedAfterLastByte(SlowConnections slow, Kind kind) {
        return spread(SlowConnections.millis(slow.of(kind), c -> c.lastSent >= 0 ? c.lastSent : c.connected,
                c -> c.closedByServer));
    }

    private static String spread(List<Long> ms) {
        if (ms.isEmpty()) {
            return "(none)";
        }
        return ms.get(0) + "/" + ms.get(ms.size() / 2) + "/" + ms.get(ms.size() - 1) + " ms (min/median/max of "
                + ms.size() + ")";
    }

    private static String answers(SlowConnections slow, Kind kind) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (Conn c : slow.of(kind)) {
            counts.merge(c.answer.isEmpty() ? "(none: closed silently)" : c.answer, 1L, Long::sum);
        }
        return counts.toString();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
