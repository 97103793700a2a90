package io.plumbline.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.PredictionEventCodec;
import io.plumbline.testing.Await;
import io.plumbline.testing.Directories;
import io.plumbline.testing.KafkaBroker;
import io.plumbline.testing.ServingProcess;
import io.plumbline.testing.TopicReader;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker SIGKILLed and restarted while eight clients send predictions to serving with the
 * Kafka sink. Predictions must not fail: the event path never blocks them. Every prediction's event
 * is looked for on the topic by its request id (read_committed, to the end offsets): those missing
 * are the events lost, and serving must have counted exactly that many as dropped or failed; none
 * may appear twice; and events sent after the broker came back must arrive without restarting serving.
 */
class BrokerKillTest {
    private static final int CLIENTS = 8;
    private static final String TOPIC = "plumbline.predictions";
    private static final Duration RECOVERY = Duration.ofSeconds(200);
    private static final Pattern OUTCOME = Pattern.compile(
            "(?m)^prediction_events_total\\{[^}]*outcome=\"(sent|dropped|failed)\"[^}]*} (\\S+)$");

    private Path dir;
    private KafkaBroker broker;
    private ServingProcess serving;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("plumbline-broker-kill");
        broker = KafkaBroker.launch();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (serving != null) {
            serving.close();
            // The child's log outlives its temporary directory, for a person reading a failure.
            Files.createDirectories(Repo.output());
            Files.copy(dir.resolve("serving.log"), Repo.output().resolve("broker-kill-serving.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        broker.close();
        Directories.deleteRecursively(dir);
    }

    @Test
    void brokerKilledUnderLoad_noPredictionFails_andLostEventsAreCountedExactly() throws Exception {
        Form form = Form.current();
        int kills = form.pick(1, 2);
        Duration outage = Duration.ofSeconds(form.pick(5, 10));
        ScenarioRow.Builder row = ScenarioRow.named("Kafka broker SIGKILL under load", 20).runs(kills);
        serving = ServingProcess.start(Repo.jar("serving/target/plumbline-serving.jar"),
                "file:" + Repo.path("models"), Map.of("PLUMBLINE_EVENTS_KAFKA_BOOTSTRAP_SERVERS",
                        broker.bootstrapServers()), dir);

        Clients clients = new Clients();
        List<Long> recoveryMillis = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            Await.until(() -> clients.okCount() > 200, Duration.ofSeconds(60), () -> "traffic flows");
            for (int k = 0; k < kills; k++) {
                sleep(Duration.ofSeconds(2));
                broker.stop();
                sleep(outage);
                broker.start();
                // Events flow again without restarting serving: a request sent from now on reaches the topic.
                // Bounded by the producer's delivery timeout (120 s) and a request timeout (30 s) on top.
                long back = System.nanoTime();
                try {
                    Await.until(() -> reachesOneSentAfter(clients, back), RECOVERY,
                            () -> "an event of a request sent after the broker came back reaches the topic");
                    recoveryMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back));
                } catch (AssertionError e) {
                    problems.add("kill " + (k + 1) + ": no event of a request sent after the broker came back "
                            + "reached the topic within " + RECOVERY.toSeconds() + " s");
                    break;
                }
            }
            sleep(Duration.ofSeconds(2));
        } finally {
            clients.stop();
        }
        Set<String> answered = clients.okIds();
        // Serving settles every event it took: sent, dropped at once, or failed after its delivery timeout.
        try {
            Await.until(() -> outcomes().values().stream().mapToLong(Long::longValue).sum() >= answered.size(),
                    Duration.ofSeconds(180), () -> "serving accounts for every event");
        } catch (AssertionError e) {
            problems.add("serving did not account for every event within 180 s: " + outcomes() + " of "
                    + answered.size());
        }
        Map<String, Long> counted = outcomes();
        Map<String, Integer> onTopic = new HashMap<>();
        TopicReader.scan(broker.bootstrapServers(), TOPIC, r -> onTopic.merge(id(r), 1, Integer::sum));
        long consumed = answered.stream().filter(onTopic::containsKey).count();
        long duplicated = onTopic.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        long lost = answered.size() - consumed;
        long strangers = onTopic.keySet().stream().filter(id -> !answered.contains(id)).count();
        long droppedOrFailed = counted.getOrDefault("dropped", 0L) + counted.getOrDefault("failed", 0L);
        Map<String, Integer> failures = clients.failures();

        row.requests(clients.sent(), failures.values().stream().mapToInt(Integer::intValue).sum())
                .faults(kills)
                .events(answered.size(), consumed, lost, duplicated)
                .note(kills + " SIGKILL(s) of the broker, " + outage.toSeconds() + " s down each, " + CLIENTS
                        + " clients; events reached the topic again " + recoveryMillis + " ms after the broker "
                        + "answered; serving counted " + counted + "; lost = events serving counted dropped or failed: "
                        + droppedOrFailed);
        Results.record(row, () -> {
            assertEquals(List.of(), problems, "events flow again after each restart, without restarting serving");
            assertEquals(Map.of(), failures, "no prediction fails while Kafka is down");
            assertEquals(0, duplicated, "no event appears twice on the topic");
            assertEquals(0, strangers, "no event on the topic without an answered prediction");
            assertEquals(lost, droppedOrFailed, "every lost event is counted by serving as dropped or failed, and "
                    + "only those");
            assertEquals(answered.size(), counted.getOrDefault("sent", 0L) + droppedOrFailed,
                    "serving accounts for every prediction's event once");
        });
    }

    /** Whether the event of a request sent after {@code since} (nanoTime) is on the topic now. */
    private boolean reachesOneSentAfter(Clients clients, long since) {
        boolean[] found = {false};
        TopicReader.scan(broker.bootstrapServers(), TOPIC, rec -> found[0] |= clients.sentAt(id(rec)) > since);
        return found[0];
    }

    private static String id(ConsumerRecord<String, byte[]> r) {
        return new PredictionEventCodec().decode(r.value()).requestId();
    }

    /** serving's own prediction_events_total by outcome. */
    private Map<String, Long> outcomes() {
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(serving.uri("/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Long> out = new TreeMap<>();
            Matcher m = OUTCOME.matcher(text);
            while (m.find()) {
                out.merge(m.group(1), (long) Double.parseDouble(m.group(2)), Long::sum);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot read serving's metrics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    /** Eight clients; each request carries a unique id; every outcome tallied by the client. */
    private final class Clients {
        private final AtomicBoolean running = new AtomicBoolean(true);
        /** Answered request ids, with System.nanoTime() when each was sent. */
        private final Map<String, Long> ok = new ConcurrentHashMap<>();
        private final Map<String, Integer> failures = new ConcurrentHashMap<>();
        private final ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        private final List<Future<Long>> sent = new ArrayList<>();

        Clients() {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                sent.add(threads.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                    long n = 0;
                    while (running.get()) {
                        String id = "c" + client + "-" + n++;
                        long sentAt = System.nanoTime();
                        String body = "{\"id\":\"" + id + "\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
                                + "\"datatype\":\"FP32\",\"data\":[1.2,25.0,14.0,2.2]}]}";
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                    serving.uri("/v2/models/weather/infer")).header("Content-Type", "application/json")
                                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                ok.put(id, sentAt);
                            } else {
                                failures.merge(r.statusCode() + " " + r.body(), 1, Integer::sum);
                            }
                        } catch (IOException e) {
                            failures.merge("transport: " + e, 1, Integer::sum);
                        }
                    }
                    return n;
                }));
            }
        }

        int okCount() {
            return ok.size();
        }

        /** When the request was sent (nanoTime), or Long.MIN_VALUE for an id no client got an answer for. */
        long sentAt(String id) {
            return ok.getOrDefault(id, Long.MIN_VALUE);
        }

        void stop() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            assertTrue(threads.awaitTermination(60, TimeUnit.SECONDS), "client threads end");
        }

        long sent() throws Exception {
            long total = 0;
            for (Future<Long> f : sent) {
                total += f.get();
            }
            return total;
        }

        Set<String> okIds() {
            return Set.copyOf(ok.keySet());
        }

        Map<String, Integer> failures() {
            return new TreeMap<>(failures);
        }
    }
}
