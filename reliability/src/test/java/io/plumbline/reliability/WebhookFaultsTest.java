package io.plumbline.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.testing.KafkaBroker;
import io.plumbline.testing.WebhookReceiver;
import io.plumbline.testing.WebhookReceiver.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Retraining webhook receivers that fail, against the packaged monitor service: one receiver is not
 * listening at first, then hangs up, answers too late, answers 500, and recovers; another never
 * recovers; and more alerts arrive than the delivery queue holds. Counted from the receivers' own
 * logs: after the recovery each alert it wants is delivered exactly once (one 2xx per event id, no call
 * for an id after its 2xx); the receiver that never recovers gets exactly the attempt budget, then
 * nothing; the alert beyond the queue's capacity never reaches a receiver (dropped, not queued).
 *
 * <p>Four models drift in the same two windows, so four alerts fire when the second one closes, in
 * model order (one partition, one task, windows closed by key): {@code m0} for receiver {@code B} (always
 * hangs up), {@code m1}, {@code m2}, {@code m3} for receiver {@code R}. Queue capacity 3: m0, m1, m2 are
 * queued, m3 is dropped. {@code R} listens only once {@code B} has seen its second attempt (so the
 * monitor's first attempts at R, made at the same moment as B's first, were refused); it then hangs up
 * on calls 0-1, answers calls 2-3 after {@value #SLOW_MILLIS} ms (the monitor's timeout is 1 s) and calls
 * 4-5 with 500, and answers 200 from call 6 on.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class WebhookFaultsTest {
    static final String RECOVERS = "webhook receiver down, hanging up, slow, 500, then recovers";
    static final String NEVER = "webhook receiver never recovers, delivery queue full";
    private static final Duration WINDOW = Duration.ofSeconds(1);
    private static final int EVENTS_PER_WINDOW = 100;
    private static final int MAX_ATTEMPTS = 12;
    private static final int QUEUE_CAPACITY = 3;
    private static final long SLOW_MILLIS = 1500;
    private static final List<String> MODELS = List.of("m0", "m1", "m2", "m3");
    private static final String PREDICTIONS = "plumbline.predictions";
    private static final String PROFILES = "plumbline.profiles";
    private static final String DRIFT = "plumbline.drift";
    private static final String SECRET_R = "receiver-r-secret";
    private static final String SECRET_B = "receiver-b-secret";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** R's script: the faults, then recovery (call numbers are R's own, in arrival order). */
    private static final IntFunction<Answer> RECOVERING = k -> k < 2 ? Answer.hangingUp()
            : k < 4 ? Answer.slow(Duration.ofMillis(SLOW_MILLIS), 503) : k < 6 ? Answer.status(500) : Answer.status(200);

    @Test
    void deliveredOnceAfterRecovery_budgetKept_queueBounded() throws Exception {
        Path dir = MonitorService.scenarioDir("webhook-faults");
        Traffic traffic = new Traffic(424242);
        ScenarioRow.Builder recovers = ScenarioRow.named(RECOVERS, 50);
        ScenarioRow.Builder never = ScenarioRow.named(NEVER, 51);
        try (KafkaBroker broker = KafkaBroker.launch();
                KafkaAdmin admin = new KafkaAdmin(broker.bootstrapServers());
                WebhookReceiver r = WebhookReceiver.unbound(SECRET_R, RECOVERING);
                WebhookReceiver b = WebhookReceiver.scripted(SECRET_B, k -> Answer.hangingUp());
                EventProducer producer = new EventProducer(broker.bootstrapServers())) {
            admin.createMonitorTopics(PREDICTIONS, PROFILES, DRIFT);
            byte[] profile = MonitorService.profile(dir, traffic, 20_000);
            for (String m : MODELS) {
                producer.send(new ProducerRecord<>(PROFILES, m + ":1", profile), -1L);
            }
            producer.awaitAll(TIMEOUT);
            try (MonitorService monitor = new MonitorService(dir, environment(broker, dir, r, b), List.of()).start()) {
                // Windows 0-1 as the reference, 2-3 drifted, 4 as the reference, then one event to close 4.
                Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                for (int w = 0; w < 5; w++) {
                    for (int i = 0; i < EVENTS_PER_WINDOW; i++) {
                        Instant at = t0.plus(WINDOW.multipliedBy(w)).plusMillis(i * WINDOW.toMillis() / EVENTS_PER_WINDOW);
                        for (String m : MODELS) {
                            producer.send(traffic.event(PREDICTIONS, m, at, w == 2 || w == 3), w);
                        }
                    }
                }
                producer.send(traffic.event(PREDICTIONS, "m0", t0.plus(WINDOW.multipliedBy(6)), false), 6);
                producer.awaitAll(TIMEOUT);

                monitor.await("B's second attempt", TIMEOUT, () -> b.calls().size() >= 2);
                r.listen();
                // Pacing only (the checks count from the receivers' logs): wait until each of the four
                // alerts has a final outcome in the monitor's counters, whatever those outcomes are.
                monitor.await("a final outcome for each of the " + MODELS.size() + " alerts", TIMEOUT,
                        () -> List.of("delivered", "rejected", "failed", "dropped").stream().mapToDouble(o ->
                                monitor.metric("webhook_deliveries_total", "outcome=\"" + o + "\"")).sum() >= MODELS.size());
                Map<String, Double> counters = new TreeMap<>();
                for (String o : List.of("delivered", "retried", "failed", "dropped", "rejected")) {
                    counters.put(o, monitor.metric("webhook_deliveries_total", "outcome=\"" + o + "\""));
                }
                // Failed attempts the monitor retried, less those the receivers saw: R's refusals while down.
                long rFaults = r.calls().stream().filter(c -> !c.answer().delivered()).count();
                long refused = Math.round(counters.get("retried")) - rFaults - (b.calls().size() - 1);
                List<WebhookReceiver.Call> rCalls = r.calls();
                List<WebhookReceiver.Call> bCalls = b.calls();

                recovers.faults(refused + rFaults).webhooks(2, delivered(r).size())
                        .note("R: " + rCalls.size() + " POSTs seen (" + describe(rCalls) + "), after " + refused
                                + " attempts refused while it was not listening (the monitor's retried counter, "
                                + "less the failed attempts the receivers saw)")
                        .note("monitor: max-attempts " + MAX_ATTEMPTS + ", backoff 200 ms doubling to 1 s, timeout 1 s, "
                                + "queue capacity " + QUEUE_CAPACITY + "; its webhook_deliveries_total: " + counters)
                        .note("faults injected: the refused attempts and R's " + rFaults + " fault answers");
                never.faults(bCalls.size()).webhooks(0, delivered(b).size())
                        .note("B hung up on all " + bCalls.size() + " POSTs of m0's alert (budget " + MAX_ATTEMPTS
                                + "), then heard nothing more; m3's alert (the fourth, queue capacity " + QUEUE_CAPACITY
                                + ") was dropped and reached no receiver");

                Results.record(recovers, () -> {
                    assertTrue(rCalls.stream().allMatch(WebhookReceiver.Call::signatureValid), "R: signatures");
                    assertEquals(Map.of("m1", 1L, "m2", 1L), deliveredByModel(r),
                            "R: m1 and m2 delivered once each (m3 was beyond the queue); calls: " + describe(rCalls));
                    for (String id : delivered(r).keySet()) {
                        List<WebhookReceiver.Call> forId = rCalls.stream().filter(c -> id.equals(c.eventId())).toList();
                        assertTrue(forId.get(forId.size() - 1).answer().delivered(),
                                "R: no call for " + id + " after its 2xx: " + describe(forId));
                        assertTrue(forId.size() <= MAX_ATTEMPTS, "R: " + forId.size() + " attempts for " + id);
                    }
                    assertTrue(refused >= 2, "R was really not listening for the monitor's first attempts: "
                            + refused + " refusals derived from " + counters);
                    assertEquals(2.0, counters.get("delivered"), "the monitor's own count agrees: " + counters);
                });
                Results.record(never, () -> {
                    assertEquals(MAX_ATTEMPTS, bCalls.size(), "B gets exactly the attempt budget: " + describe(bCalls));
                    assertEquals(1, bCalls.stream().map(WebhookReceiver.Call::eventId).distinct().count(), "one alert");
                    assertEquals("m0", JSON.readTree(bCalls.get(0).body()).path("model").asText());
                    assertTrue(rCalls.stream().noneMatch(c -> c.body().contains("\"model\":\"m3\"")),
                            "m3's alert was beyond the queue and must reach nobody");
                    assertEquals(1.0, counters.get("failed"), "the monitor's own count agrees: " + counters);
                    assertEquals(1.0, counters.get("dropped"), "the monitor's own count agrees: " + counters);
                });
            }
        }
    }

    /** Calls answered 2xx at once, by event id. */
    private static Map<String, WebhookReceiver.Call> delivered(WebhookReceiver receiver) {
        Map<String, WebhookReceiver.Call> out = new TreeMap<>();
        receiver.calls().stream().filter(c -> c.answer().delivered()).forEach(c -> out.put(c.eventId(), c));
        return out;
    }

    /** Deliveries (2xx at once) per model named in the body. */
    private static Map<String, Long> deliveredByModel(WebhookReceiver receiver) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (WebhookReceiver.Call c : receiver.calls()) {
            if (c.answer().delivered()) {
                out.merge(JSON.readTree(c.body()).path("model").asText(), 1L, Long::sum);
            }
        }
        return out;
    }

    private static String describe(List<WebhookReceiver.Call> calls) {
        StringBuilder s = new StringBuilder();
        for (WebhookReceiver.Call c : calls) {
            String model = "?";
            try {
                JsonNode body = JSON.readTree(c.body());
                model = body.path("model").asText();
            } catch (Exception e) {
                // Only for the message.
            }
            s.append(s.length() == 0 ? "" : ", ").append('#').append(c.index()).append(' ').append(model)
                    .append(": ").append(c.answer());
        }
        return s.toString();
    }

    private static Map<String, String> environment(KafkaBroker broker, Path dir, WebhookReceiver r, WebhookReceiver b)
            throws Exception {
        ArrayNode hooks = JSON.createArrayNode();
        ObjectNode toB = hooks.addObject().put("url", b.url()).put("secret", SECRET_B);
        toB.putArray("models").add("m0");
        ObjectNode toR = hooks.addObject().put("url", r.url()).put("secret", SECRET_R);
        toR.putArray("models").add("m1").add("m2").add("m3");
        ObjectNode app = JSON.createObjectNode();
        app.putObject("plumbline").putObject("monitor").set("webhooks", hooks);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PLUMBLINE_MONITOR_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("PLUMBLINE_MONITOR_KAFKA_APPLICATION_ID", "reliability-webhooks");
        env.put("PLUMBLINE_MONITOR_KAFKA_STATE_DIR", dir.resolve("state").toString());
        env.put("PLUMBLINE_MONITOR_WINDOW_SIZE", WINDOW.toMillis() + "ms");
        env.put("PLUMBLINE_MONITOR_WINDOW_GRACE", "0s");
        env.put("PLUMBLINE_MONITOR_WINDOW_MIN_COUNT", "50");
        env.put("PLUMBLINE_MONITOR_ALERT_CONSECUTIVE_WINDOWS", "2");
        env.put("PLUMBLINE_MONITOR_ALERT_COOLDOWN", "1h");
        env.put("PLUMBLINE_MONITOR_THRESHOLDS_ALPHA", "0.001");
        env.put("PLUMBLINE_MONITOR_DELIVERY_MAX_ATTEMPTS", String.valueOf(MAX_ATTEMPTS));
        env.put("PLUMBLINE_MONITOR_DELIVERY_INITIAL_BACKOFF", "200ms");
        env.put("PLUMBLINE_MONITOR_DELIVERY_MAX_BACKOFF", "1s");
        env.put("PLUMBLINE_MONITOR_DELIVERY_TIMEOUT", "1s");
        env.put("PLUMBLINE_MONITOR_DELIVERY_QUEUE_CAPACITY", String.valueOf(QUEUE_CAPACITY));
        env.put("MICRONAUT_APPLICATION_JSON", JSON.writeValueAsString(app));
        return env;
    }
}
