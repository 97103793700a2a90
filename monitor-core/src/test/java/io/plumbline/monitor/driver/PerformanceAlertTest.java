package io.plumbline.monitor.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.FeedbackRecord;
import io.plumbline.monitor.alert.AlertPolicy;
import io.plumbline.monitor.alert.AlertTracker;
import io.plumbline.monitor.drift.DriftAnalyzer;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.metrics.DriftGauges;
import io.plumbline.monitor.metrics.PerformanceGauges;
import io.plumbline.monitor.result.WindowResult;
import io.plumbline.monitor.testing.FeedbackTraffic;
import io.plumbline.monitor.testing.TestMonitors;
import io.plumbline.monitor.webhook.WebhookDispatcher;
import io.plumbline.monitor.webhook.WebhookPayload;
import io.plumbline.monitor.window.DriftWindow;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Realised performance past a configured threshold calls the webhooks like drift: through the same alert rule
 * (here one window suffices, 1 h cooldown), only with enough labels, with a body naming metric, value and
 * threshold. The windows' accuracies are counted by hand from the truths the test gives.
 */
class PerformanceAlertTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> models = new ArrayList<>();
    private final List<WebhookPayload> sent = new ArrayList<>();

    /** A closed window of the two-class script model: {@code right} right and {@code wrong} wrong labels. */
    private static WindowResult window(int minute, int right, int wrong) {
        DriftWindow w = new DriftWindow(FeedbackTraffic.profile());
        FeedbackRecord rain = FeedbackTraffic.label("fb", "x", "rain", T0);
        for (int i = 0; i < right + wrong; i++) {
            // The model says rain (0.8) every time; the truth is rain for the right ones, sun for the others.
            w.performance().score(new double[] {0.8, 0.2}, "", i < right ? rain : FeedbackTraffic.label("fb", "x", "sun", T0));
        }
        Instant end = T0.plus(Duration.ofMinutes(minute));
        return new WindowResult("fb", "1", end.minus(Duration.ofMinutes(1)), end,
                new DriftAnalyzer(DriftSettings.defaults()).analyze(w), w);
    }

    @Test
    void accuracyBelowTheThreshold_withEnoughLabels_callsTheWebhooksOncePerCooldown() throws IOException {
        try (WebhookDispatcher webhooks = TestMonitors.dispatcher(registry, List.of())) {
            WindowResultHandler handler = new WindowResultHandler(new DriftGauges(registry),
                    new PerformanceGauges(registry), new PerformanceThresholds(0.7, null, 4), webhooks);
            AlertTracker rule = new AlertTracker(new AlertPolicy(1, Duration.ofHours(1)), Clock.systemUTC());
            handler.handle(window(1, 2, 1), rule::observe, this::send);   // 3 labels < 4: no verdict
            handler.handle(window(2, 4, 1), rule::observe, this::send);   // 4/5 = 0.8 >= 0.7: fine
            assertEquals(List.of(), sent);
            handler.handle(window(3, 2, 3), rule::observe, this::send);   // 2/5 = 0.4 < 0.7: alert
            handler.handle(window(4, 1, 4), rule::observe, this::send);   // 0.2, but cooling down
            assertEquals(1, sent.size());
            assertEquals(List.of("fb"), models);
            JsonNode body = new ObjectMapper().readTree(sent.get(0).body());
            assertEquals(WebhookPayload.PERFORMANCE_TYPE, body.get("type").asText());
            assertEquals(sent.get(0).eventId(), body.get("eventId").asText());
            JsonNode breach = body.get("breaches").get(0);
            assertEquals("accuracy", breach.get("metric").asText());
            assertEquals(0.4, breach.get("value").asDouble(), 1e-12);
            assertEquals(0.7, breach.get("threshold").asDouble(), 1e-12);
            assertEquals(5, breach.get("labelled").asLong());
            assertTrue(body.get("window").get("end").asText().startsWith("2026-03-02T10:03"));
        }
    }

    private void send(String model, WebhookPayload payload) {
        models.add(model);
        sent.add(payload);
    }
}
