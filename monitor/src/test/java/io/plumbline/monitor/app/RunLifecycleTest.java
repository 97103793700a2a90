package io.plumbline.monitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.monitor.testing.kafka.KafkaIo;
import io.plumbline.monitor.testing.kafka.MonitorRun;
import io.plumbline.testing.Await;
import io.plumbline.testing.ChildProcess;
import io.plumbline.testing.FreePorts;
import io.plumbline.testing.KafkaBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline-monitor.jar run} as a process, stopped by SIGTERM ({@link Process#destroy()}). With Kafka
 * unreachable it used to log Kafka's connection warnings several times a second and nothing of its own,
 * report UNKNOWN on /health, and never exit on SIGTERM (Kafka Streams' close waited on the lock its blocked
 * start held). The exit bound is a correctness property, not a speed figure: a process that does not exit
 * within {@link #EXIT_BOUND} of SIGTERM would need kill -9 from its supervisor.
 */
class RunLifecycleTest {
    private static final Duration EXIT_BOUND = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void kafkaUnreachable_saysSoOnce_healthIsDownWithTheReason_andSigtermExits() throws Exception {
        String bootstrap = "127.0.0.1:" + FreePorts.loopback(); // nothing listens there
        int port = FreePorts.loopback();
        try (ChildProcess p = MonitorRun.start(dir, Map.of("PLUMBLINE_MONITOR_KAFKA_BOOTSTRAP_SERVERS", bootstrap),
                "--micronaut.server.port=" + port, "--plumbline.monitor.kafka.state-dir=" + dir.resolve("state"))) {
            String message = "Cannot reach Kafka at " + bootstrap;
            Await.until(() -> count(p, message) > 0 || !p.alive(), TIMEOUT, () -> p.tail(40));
            HttpResponse<String> health = await(port, "/health", TIMEOUT, p);
            assertEquals(503, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"status\":\"DOWN\""), health.body());
            assertTrue(health.body().contains("\"reason\":\"cannot reach Kafka at " + bootstrap), health.body());

            // Ten more seconds of failed attempts (1 s, 2 s, 4 s backoff): still one message, no client chatter.
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Await.until(() -> System.nanoTime() > until, TIMEOUT, () -> "");
            assertEquals(1, count(p, message), p.tail(40));
            assertEquals(0, count(p, "o.a.k.c.NetworkClient"), p.tail(40));
            // ... under the shipped logging configuration (its pattern has no thread), not the tests' one.
            assertTrue(MonitorRun.lines(p).stream().anyMatch(l -> l.matches(
                    "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  i\\.p\\.m\\.app\\.StreamsService - drift monitor reading .*")),
                    p.tail(40));

            p.sigtermNoWait();
            int code = p.await(EXIT_BOUND);
            assertNotEquals(-1, code, "did not exit within " + EXIT_BOUND.toSeconds() + " s of SIGTERM (killed)\n"
                    + p.tail(40));
        }
    }

    /**
     * SIGTERM two seconds into the start, while a monitor that called Kafka Streams' start() at once would
     * be inside it, holding the lock close() needs: before the fix this process never exited (seen with
     * start() called at once, close on the signal's thread and no watchdog: "did not exit within 30 s").
     */
    @Test
    void kafkaUnreachable_sigtermSoonAfterStart_exits() throws Exception {
        String bootstrap = "127.0.0.1:" + FreePorts.loopback(); // nothing listens there
        int port = FreePorts.loopback();
        try (ChildProcess p = MonitorRun.start(dir, Map.of("PLUMBLINE_MONITOR_KAFKA_BOOTSTRAP_SERVERS", bootstrap),
                "--micronaut.server.port=" + port, "--plumbline.monitor.kafka.state-dir=" + dir.resolve("state"))) {
            Await.until(() -> MonitorRun.lines(p).stream().anyMatch(l -> l.contains("drift monitor reading"))
                    || !p.alive(), TIMEOUT, () -> p.tail(40));
            Thread.sleep(2000);
            p.sigtermNoWait();
            int code = p.await(EXIT_BOUND);
            assertNotEquals(-1, code, "did not exit within " + EXIT_BOUND.toSeconds() + " s of SIGTERM (killed)\n"
                    + p.tail(40));
        }
    }

    @Test
    void running_sigtermExits() throws Exception {
        int port = FreePorts.loopback();
        try (KafkaBroker broker = KafkaBroker.launch();
                KafkaIo kafka = new KafkaIo(broker.bootstrapServers())) {
            kafka.createTopics("plumbline.predictions", 1, "plumbline.profiles", "plumbline.drift");
            sigtermWhileRunning(broker, port);
        }
    }

    private void sigtermWhileRunning(KafkaBroker broker, int port) throws Exception {
        try (ChildProcess p = MonitorRun.start(dir, Map.of("PLUMBLINE_MONITOR_KAFKA_BOOTSTRAP_SERVERS",
                        broker.bootstrapServers()), "--micronaut.server.port=" + port,
                        "--plumbline.monitor.kafka.state-dir=" + dir.resolve("state"))) {
            Await.until(() -> {
                HttpResponse<String> h = get(port, "/health");
                return h != null && h.body().contains("\"state\":\"RUNNING\"");
            }, TIMEOUT, () -> p.tail(40));
            assertEquals(0, count(p, "Cannot reach Kafka"), p.tail(40));
            p.sigtermNoWait();
            int code = p.await(EXIT_BOUND);
            assertNotEquals(-1, code, "did not exit within " + EXIT_BOUND.toSeconds() + " s of SIGTERM (killed)\n"
                    + p.tail(40));
            assertEquals(0, count(p, "halting the JVM"), "closed in time, not halted: " + p.tail(40));
        }
    }

    private static long count(ChildProcess p, String text) {
        List<String> lines = MonitorRun.lines(p);
        return lines.stream().filter(l -> l.contains(text)).count();
    }

    private HttpResponse<String> await(int port, String path, Duration timeout, ChildProcess p) {
        HttpResponse<String>[] last = new HttpResponse[1];
        Await.until(() -> (last[0] = get(port, path)) != null || !p.alive(), timeout, () -> p.tail(40));
        assertTrue(p.alive(), p.tail(40));
        return last[0];
    }

    /** The answer, or null while nothing listens yet. */
    private HttpResponse<String> get(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
