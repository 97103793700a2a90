package io.plumbline.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.events.CloudEventHeaders;
import io.plumbline.events.FeedbackRecordCodec;
import io.plumbline.monitor.testing.DriftTraffic;
import io.plumbline.monitor.testing.FeedbackTraffic;
import io.plumbline.monitor.testing.FeedbackTraffic.Restart;
import io.plumbline.monitor.testing.FeedbackTraffic.Step;
import io.plumbline.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The feedback join of the Kafka-mode monitor across a SIGKILL mid-window: the scripted predictions and
 * ground truth of {@link FeedbackTraffic.Restart} (in order, out of order, duplicated, late, an unknown id),
 * worked out by hand there, played against a real broker and the packaged monitor ({@code exactly_once_v2},
 * 30 s windows, grace 0, join window 20 s).
 *
 * <p>Each step is sent alone and the next waits until the consumer group has committed its topic's end
 * offset, so the monitor sees the steps in the script's order whatever the fetches do (Kafka Streams picks
 * between its two input partitions by timestamp only among records already fetched). After feedback e
 * (+9 s) has been committed the monitor is SIGKILLed: predictions c and d wait for feedback, feedback zz
 * and e wait for predictions, a and b are labelled, and all of it is only in the join's changelogged stores
 * (the killed instance's input is committed, so nothing of it is read again). A new JVM on the same state
 * directory gets prediction e; then feedback c is sent and the monitor SIGKILLed again as soon as the broker
 * acknowledged it, usually before the instance committed it (the group's stable committed offset says
 * which, once the broker has aborted the killed instance's open transaction). A third JVM gets the rest.
 * Checks:
 * <ul>
 *   <li>{@code plumbline.drift} read to its end offsets with read_committed holds exactly one record for the
 *       script's window, with the hand-worked events counted, predictions, labelled rows, accuracy and log
 *       loss;
 *   <li>{@code monitor_feedback_total} by outcome and {@code monitor_feedback_waiting_total}, on each
 *       instance's {@code /prometheus}, equal the script's outcomes for the records that instance handled.
 *       These counters are not part of the transaction: they restart at 0 in a new process, and a record
 *       processed by an instance killed before committing it counts in that instance and again in the
 *       next. So they are compared where that cannot blur them: instance 1 after its input is committed
 *       (and nothing else sent), instance 2 before feedback c is sent, instance 3 at the end, with c
 *       counted in instance 3 only when the broker says instance 2 had not committed it.
 * </ul>
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FeedbackKillTest {
    static final String SCENARIO = "monitor SIGKILLed with feedback waiting";
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ZERO;
    private static final String MODEL = "weather";
    private static final String VERSION = "1";
    private static final String PREDICTIONS = "plumbline.predictions";
    private static final String FEEDBACK = "plumbline.feedback";
    private static final String PROFILES = "plumbline.profiles";
    private static final String DRIFT = "plumbline.drift";
    private static final String GROUP = "reliability-feedback";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> OUTCOMES = List.of("matched", "duplicate", "late", "unmatched");
    /** Feedback records on the topic before c (a, b, b again, zz, e): c's offset on its one partition. */
    private static final long FEEDBACK_BEFORE_C = 5;

    private final FeedbackRecordCodec feedbackCodec = new FeedbackRecordCodec();

    @Test
    void joinedCountsAndMetricsAsWorkedByHand_acrossASigkill() throws Exception {
        Path dir = MonitorService.scenarioDir("feedback-sigkill");
        ScenarioRow.Builder row = ScenarioRow.named(SCENARIO, 11);
        try (KafkaBroker broker = KafkaBroker.launch(Map.of(
                        "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"));
                KafkaAdmin admin = new KafkaAdmin(broker.bootstrapServers());
                EventProducer producer = new EventProducer(broker.bootstrapServers());
                MonitorService monitor = new MonitorService(dir, environment(broker, dir), List.of(
                        "--plumbline.monitor.kafka.streams.consumer.session.timeout.ms=6000",
                        "--plumbline.monitor.kafka.streams.consumer.heartbeat.interval.ms=500"))) {
            admin.createMonitorTopics(PREDICTIONS, PROFILES, DRIFT);
            producer.send(new ProducerRecord<>(PROFILES, MODEL + ":" + VERSION,
                    DriftTraffic.profileJson(FeedbackTraffic.profile())), 0);
            producer.awaitAll(TIMEOUT);
            // The service creates the feedback topic (as many partitions as the predictions topic) at start.
            monitor.start();

            // A window start two windows back: in the topics' retention, whole windows of event time.
            long now = System.currentTimeMillis();
            Instant t0 = Instant.ofEpochMilli(Math.floorDiv(now, WINDOW.toMillis()) * WINDOW.toMillis())
                    .minus(WINDOW.multipliedBy(2));
            for (Step s : Restart.beforeRestart(MODEL, VERSION, t0)) {
                play(s, producer, admin, monitor);
            }
            Map<String, Long> before = outcomes(monitor);
            monitor.sigkill();
            monitor.start();
            List<Step> rest = Restart.afterRestart(MODEL, VERSION, t0);
            play(rest.get(0), producer, admin, monitor);
            Map<String, Long> second = outcomes(monitor);
            // Kill 2: as soon as feedback c is acknowledged, usually before the instance has committed it.
            // Whether it had is the broker's answer (the group's stable committed offset, once the killed
            // instance's open transaction is aborted), not the monitor's.
            send(rest.get(1), producer);
            monitor.sigkill();
                        boolean cCommitted = admin.committedStable(GROUP, FEEDBACK) > FEEDBACK_BEFORE_C;
            monitor.start();
            for (Step s : rest.subList(1, rest.size())) {
                if (s != rest.get(1)) {
                    send(s, producer);
                }
                awaitCommitted(s, admin, monitor);
            }
            // Closes the script's window and moves stream time past zz's join window: zz ends unmatched.
            play(FeedbackTraffic.after(MODEL, VERSION, t0, WINDOW, GRACE), producer, admin, monitor);
            Map<String, Long> after = outcomes(monitor);

            List<JsonNode> windows = DriftRecords.readJson(broker.bootstrapServers(), DRIFT).stream()
                    .filter(r -> Instant.parse(r.path("window").path("start").asText()).equals(t0)).toList();
            JsonNode performance = windows.isEmpty() ? null : windows.get(0).path("performance");
            // Events: the script's predictions against the window's own count of events (window.count).
            long counted = windows.stream().mapToLong(r -> r.path("window").path("count").asLong()).sum();
            // Instance 2 matched e (before kill 2), and c when it committed c; instance 3 counts the rest.
            Map<String, Long> second2 = expected(Map.of("matched", 1, "duplicate", 0, "late", 0, "unmatched", 0), 0);
            Map<String, Long> third = expected(Restart.OUTCOMES_AFTER, Restart.WAITED_AFTER);
            third.merge("matched", cCommitted ? -2L : -1L, Long::sum);
            row.faults(2).events(Restart.PREDICTIONS, counted, Math.max(0, Restart.PREDICTIONS - counted),
                    Math.max(0, counted - Restart.PREDICTIONS)).windows(1, windows.size());
            row.note("script: FeedbackTraffic.Restart, window " + t0 + " (30 s), join window "
                    + Restart.JOIN_WINDOW.toSeconds() + " s; SIGKILL after feedback e (+9 s), committed");
            row.note("outcomes counted by instance 1 (killed after its commit): " + before + "; by instance 2 before "
                    + "feedback c: " + second + "; by instance 3: " + after);
            row.note("kill 2 (right after feedback c was acknowledged): the killed instance had "
                    + (cCommitted ? "" : "not ") + "committed c (the group's stable offset)");
            row.note("performance on " + DRIFT + ": " + performance);
            row.note("producer: " + producer.sent() + " records sent (profile, 13 steps of the script, "
                    + "1 closing prediction), " + producer.failed() + " failed");

            Results.record(row, () -> {
                assertEquals(0, producer.failed(), () -> "the test's own producer failed: " + producer.firstFailure());
                assertEquals(1, windows.size(), () -> "one record for the script's window " + t0 + ": " + windows);
                assertEquals(Restart.PREDICTIONS, counted, "events counted in the script's window");
                assertEquals(Restart.PREDICTIONS, performance.path("predictions").asInt(), "predictions");
                assertEquals(Restart.LABELLED, performance.path("labelled").asInt(), "labelled");
                assertEquals(0, performance.path("unscorable").asInt(), "unscorable");
                assertEquals(Restart.ACCURACY, performance.path("realised").path("accuracy").asDouble(), 1e-12,
                        "accuracy");
                assertEquals(Restart.LOG_LOSS, performance.path("realised").path("logLoss").asDouble(), 1e-6,
                        "log loss");
                assertEquals(expected(Restart.OUTCOMES_BEFORE, Restart.WAITED_BEFORE), before,
                        "join outcomes of instance 1, killed mid-window");
                assertEquals(second2, second, "join outcomes of instance 2 before kill 2");
                assertEquals(third, after, "join outcomes of instance 3 (c " + (cCommitted ? "" : "not ")
                        + "committed by instance 2)");
            });
        }
    }

    /** Sends one step and waits until the monitor's group has committed the end of that step's topic. */
    private void play(Step step, EventProducer producer, KafkaAdmin admin, MonitorService monitor)
            throws InterruptedException {
        send(step, producer);
        awaitCommitted(step, admin, monitor);
    }

    private static void awaitCommitted(Step step, KafkaAdmin admin, MonitorService monitor) {
        String topic = step.prediction() != null ? PREDICTIONS : FEEDBACK;
        monitor.await("group " + GROUP + " committed the end of " + topic + " (step at " + step.at() + ")", TIMEOUT,
                () -> admin.caughtUp(GROUP, topic));
    }

    /** Sends one step and waits for the broker's acknowledgement. */
    private void send(Step step, EventProducer producer) throws InterruptedException {
        String topic;
        if (step.prediction() != null) {
            topic = PREDICTIONS;
            RecordHeaders headers = new RecordHeaders();
            CloudEventHeaders.forPrediction(step.prediction(), "/reliability").forEach((k, v) ->
                    headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(topic, null, step.at().toEpochMilli(), MODEL,
                    DriftTraffic.encode(step.prediction()), headers), 1);
        } else {
            topic = FEEDBACK;
            producer.send(new ProducerRecord<>(topic, null, step.at().toEpochMilli(), MODEL,
                    feedbackCodec.encode(step.feedback())), 1);
        }
        producer.awaitAll(TIMEOUT);
    }

    private static Map<String, Long> outcomes(MonitorService monitor) {
        Map<String, Long> out = new TreeMap<>();
        for (String o : OUTCOMES) {
            out.put(o, (long) monitor.metric("monitor_feedback_total", "outcome=\"" + o + "\""));
        }
        out.put("waited", (long) monitor.metric("monitor_feedback_waiting_total"));
        return out;
    }

    private static Map<String, Long> expected(Map<String, Integer> outcomes, int waited) {
        Map<String, Long> out = new TreeMap<>();
        outcomes.forEach((k, v) -> out.put(k, (long) v));
        out.put("waited", (long) waited);
        return out;
    }

    private static Map<String, String> environment(KafkaBroker broker, Path dir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PLUMBLINE_MONITOR_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("PLUMBLINE_MONITOR_KAFKA_APPLICATION_ID", GROUP);
        env.put("PLUMBLINE_MONITOR_KAFKA_STATE_DIR", dir.resolve("state").toString());
        env.put("PLUMBLINE_MONITOR_WINDOW_SIZE", WINDOW.toMillis() + "ms");
        env.put("PLUMBLINE_MONITOR_WINDOW_GRACE", GRACE.toMillis() + "ms");
        env.put("PLUMBLINE_MONITOR_WINDOW_MIN_COUNT", "1");
        env.put("PLUMBLINE_MONITOR_FEEDBACK_JOIN_WINDOW", Restart.JOIN_WINDOW.toMillis() + "ms");
        return env;
    }
}
