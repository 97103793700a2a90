package io.plumbline.monitor.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.monitor.drift.Correction;
import io.plumbline.monitor.drift.DriftReport;
import io.plumbline.monitor.drift.FeatureDrift;
import io.plumbline.monitor.drift.Method;
import io.plumbline.monitor.drift.MethodResult;
import io.plumbline.monitor.drift.Verdict;
import io.plumbline.monitor.result.WindowResult;
import io.plumbline.monitor.testing.Samples;
import io.plumbline.monitor.window.DriftWindow;
import io.plumbline.testing.Await;
import io.plumbline.monitor.testing.TestMonitors;
import io.plumbline.testing.WebhookReceiver;
import io.plumbline.testing.WebhookReceiver.Answer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Deliveries to a real HTTP receiver: signature, retries on 5xx, none on 4xx, model filters, outcomes. */
class WebhookDispatcherTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    static DriftAlert alert(String model) {
        FeatureDrift f = new FeatureDrift("temp_max", FeatureRole.INPUT, true, 10_000, 1000, 0, 0, 0, Method.KS,
                Verdict.DRIFT, List.of(new MethodResult(Method.KS, 0.41, 0.001, 1e-30, 4e-30, 0.05, Verdict.DRIFT),
                        new MethodResult(Method.WASSERSTEIN, 0.9, 0.01, Double.NaN, Double.NaN, 0.1, Verdict.DRIFT)));
        DriftReport report = new DriftReport(1000, 0.05, Correction.BONFERRONI, List.of(f));
        DriftWindow counts = new DriftWindow(Samples.profile(new double[] {1, 2, 3}, 2));
        return new DriftAlert(new WindowResult(model, "3", START, START.plusSeconds(300), report, counts), List.of(f));
    }

    private double outcome(DeliveryOutcome o) {
        return registry.get("webhook.deliveries").tag("outcome", o.tag()).counter().count();
    }

    private void awaitIdle(WebhookDispatcher d) {
        Await.until(() -> d.pending() == 0, Duration.ofSeconds(10), () -> d.pending() + " deliveries pending");
    }

    @Test
    void delivers_signedPayload_withStableEventId() throws IOException {
        try (WebhookReceiver receiver = WebhookReceiver.scripted(TestMonitors.SECRET, k -> Answer.status(204));
                WebhookDispatcher d = TestMonitors.dispatcher(registry,
                        List.of(new WebhookTarget(URI.create(receiver.url()), TestMonitors.SECRET, Set.of())))) {
            d.dispatch(alert("weather"));
            d.dispatch(alert("weather"));
            List<WebhookReceiver.Call> calls = receiver.await(2, Duration.ofSeconds(10));
            awaitIdle(d);
            WebhookReceiver.Call call = calls.get(0);
            assertTrue(Signature.verify(call.bodyBytes(), TestMonitors.SECRET, call.signature()));
            assertFalse(Signature.verify(call.bodyBytes(), "another secret", call.signature()));
            assertTrue(call.signature().matches("sha256=[0-9a-f]{64}"), call.signature());
            assertEquals("application/json", call.contentType());
            assertEquals(calls.get(0).eventId(), calls.get(1).eventId(), "same alert, same idempotency key");
            JsonNode body = new ObjectMapper().readTree(call.body());
            assertEquals(call.eventId(), body.get("eventId").asText());
            assertEquals("weather", body.get("model").asText());
            assertEquals("3", body.get("version").asText());
            assertEquals(START.toString(), body.get("window").get("start").asText());
            assertEquals(START.plusSeconds(300).toString(), body.get("window").get("end").asText());
            assertEquals(1000, body.get("window").get("count").asLong());
            JsonNode feature = body.get("driftedFeatures").get(0);
            assertEquals("temp_max", feature.get("feature").asText());
            assertEquals(0.41, feature.get("methods").get(0).get("statistic").asDouble());
            assertEquals(0.05, feature.get("methods").get(0).get("threshold").asDouble());
            assertTrue(feature.get("methods").get(1).get("pValue").isNull(), "NaN is written as null");
            assertEquals(2, outcome(DeliveryOutcome.DELIVERED));
            assertEquals(0, outcome(DeliveryOutcome.RETRIED));
        }
    }

    @Test
    void serverErrors_areRetried_untilDelivered() {
        try (WebhookReceiver receiver = WebhookReceiver.scripted(TestMonitors.SECRET,
                k -> Answer.status(k < 2 ? 500 : 200));
                WebhookDispatcher d = TestMonitors.dispatcher(registry,
                        List.of(new WebhookTarget(URI.create(receiver.url()), TestMonitors.SECRET, Set.of())))) {
            d.dispatch(alert("weather"));
            receiver.await(3, Duration.ofSeconds(10));
            awaitIdle(d);
            assertEquals(3, receiver.calls().size());
            assertEquals(2, outcome(DeliveryOutcome.RETRIED));
            assertEquals(1, outcome(DeliveryOutcome.DELIVERED));
            assertEquals(1, receiver.calls().stream().map(WebhookReceiver.Call::eventId).distinct().count());
        }
    }

    @Test
    void persistentServerErrors_stopAtTheBudget() {
        try (WebhookReceiver receiver = WebhookReceiver.scripted(TestMonitors.SECRET, k -> Answer.status(503));
                WebhookDispatcher d = TestMonitors.dispatcher(registry,
                        List.of(new WebhookTarget(URI.create(receiver.url()), TestMonitors.SECRET, Set.of())))) {
            d.dispatch(alert("weather"));
            awaitIdle(d);
            assertEquals(TestMonitors.fastRetries().maxAttempts(), receiver.calls().size());
            assertEquals(1, outcome(DeliveryOutcome.FAILED));
            assertEquals(TestMonitors.fastRetries().maxAttempts() - 1, outcome(DeliveryOutcome.RETRIED));
        }
    }

    @Test
    void clientErrors_areNotRetried() {
        try (WebhookReceiver receiver = WebhookReceiver.scripted(TestMonitors.SECRET, k -> Answer.status(400));
                WebhookDispatcher d = TestMonitors.dispatcher(registry,
                        List.of(new WebhookTarget(URI.create(receiver.url()), TestMonitors.SECRET, Set.of())))) {
            d.dispatch(alert("weather"));
            awaitIdle(d);
            assertEquals(1, receiver.calls().size());
            assertEquals(1, outcome(DeliveryOutcome.REJECTED));
            assertEquals(0, outcome(DeliveryOutcome.RETRIED));
        }
    }

    @Test
    void connectionRefused_isRetried_thenFails() {
        URI closed;
        try (WebhookReceiver receiver = WebhookReceiver.scripted(TestMonitors.SECRET, k -> Answer.status(200))) {
            closed = URI.create(receiver.url());
        }
        try (WebhookDispatcher d = TestMonitors.dispatcher(registry,
                List.of(new WebhookTarget(closed, TestMonitors.SECRET, Set.of())))) {
            d.dispatch(alert("weather"));
            awaitIdle(d);
            assertEquals(1, outcome(DeliveryOutcome.FAILED));
            assertEquals(TestMonitors.fastRetries().maxAttempts() - 1, outcome(DeliveryOutcome.RETRIED));
        }
    }

    @Test
    void targets_getOnlyTheirModels() {
        try (WebhookReceiver weather = WebhookReceiver.scripted(TestMonitors.SECRET, k -> Answer.status(200));
                WebhookReceiver other = WebhookReceiver.scripted(TestMonitors.SECRET, k -> Answer.status(200));
                WebhookDispatcher d = TestMonitors.dispatcher(registry, List.of(
                        new WebhookTarget(URI.create(weather.url()), "a", Set.of("weather")),
                        new WebhookTarget(URI.create(other.url()), "b", Set.of("churn"))))) {
            d.dispatch(alert("weather"));
            weather.await(1, Duration.ofSeconds(10));
            awaitIdle(d);
            assertEquals(0, other.calls().size());
            assertTrue(Signature.verify(weather.calls().get(0).bodyBytes(), "a", weather.calls().get(0).signature()));
        }
    }

    @Test
    void aFullQueue_dropsAndCounts_neverBlocks() throws InterruptedException {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (WebhookReceiver slow = WebhookReceiver.scripted(TestMonitors.SECRET, k -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Answer.status(200);
                });
                WebhookDispatcher d = new WebhookDispatcher(
                        List.of(new WebhookTarget(URI.create(slow.url()), TestMonitors.SECRET, Set.of())),
                        new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10), 1), registry,
                        new java.util.SplittableRandom(1))) {
            d.dispatch(alert("weather"));
            d.dispatch(alert("weather"));
            assertEquals(1, outcome(DeliveryOutcome.DROPPED), "the second alert found the queue full");
            release.countDown();
            awaitIdle(d);
            assertEquals(1, outcome(DeliveryOutcome.DELIVERED));
        }
    }

    @Test
    void backoff_growsExponentially_withJitter_upToTheCap() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(1), 1);
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            long first = p.backoff(1, random).toMillis();
            long third = p.backoff(3, random).toMillis();
            long tenth = p.backoff(10, random).toMillis();
            assertTrue(first >= 50 && first <= 100, "first " + first);
            assertTrue(third >= 200 && third <= 400, "third " + third);
            assertTrue(tenth >= 500 && tenth <= 1000, "tenth " + tenth);
        }
    }

    @Test
    void targetToString_neverShowsTheSecretOrQuery() {
        WebhookTarget t = new WebhookTarget(URI.create("https://user:pw@hooks.example.com/x?token=abc"), "topsecret",
                Set.of());
        assertFalse(t.toString().contains("topsecret"));
        assertFalse(t.toString().contains("abc"));
        assertFalse(t.toString().contains("pw"));
    }
}
