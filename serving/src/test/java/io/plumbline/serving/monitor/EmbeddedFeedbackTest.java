package io.plumbline.serving.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.events.profile.ReferenceProfileCodec;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.feedback.JoinOutcome;
import io.plumbline.monitor.metrics.EventOutcome;
import io.plumbline.monitor.testing.FeedbackTraffic;
import io.plumbline.serving.events.EmbeddedEventSink;
import io.plumbline.serving.events.EventSink;
import io.plumbline.testing.Await;
import io.plumbline.testing.FreePorts;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The monitor embedded in serving, fed through serving's embedded sink the same scripted predictions and
 * feedback ({@link FeedbackTraffic}) the Kafka monitor's {@code FeedbackTopologyTest} plays: the same
 * hand-worked counts and metrics come out on serving's registry. Each step is handed over only once the
 * previous one is counted, so the two queues (events, feedback) cannot reorder the script.
 */
@MicronautTest
@Property(name = "spec.name", value = "EmbeddedFeedbackTest")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedFeedbackTest implements TestPropertyProvider {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EventSink sink;

    @Inject
    MonitorCore core;

    @Inject
    MeterRegistry registry;

    @Inject
    MutableClock clock;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path root = Files.createTempDirectory("plumbline-embedded-feedback");
            return Map.of("plumbline.registry.uri", root.toString(), "micronaut.server.port", "-1",
                    "grpc.server.port", Integer.toString(FreePorts.loopback()),
                    "plumbline.monitor.window.size", "1m");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private double handled() {
        return core.feedback().count(JoinOutcome.MATCHED) + core.feedback().count(JoinOutcome.DUPLICATE)
                + core.feedback().count(JoinOutcome.LATE) + core.feedback().waitingCount();
    }

    @Test
    void theScriptGivesTheHandWorkedCountsAndMetrics() {
        EmbeddedEventSink embedded = (EmbeddedEventSink) sink;
        embedded.publishProfile("fb", "1", new ReferenceProfileCodec().toJson(FeedbackTraffic.profile())
                .getBytes(StandardCharsets.UTF_8));
        Instant t0 = clock.instant();
        for (FeedbackTraffic.Step step : FeedbackTraffic.script("fb", "1", t0)) {
            if (step.prediction() != null) {
                double before = core.events().count(EventOutcome.OK);
                embedded.offer(step.prediction());
                Await.until(() -> core.events().count(EventOutcome.OK) == before + 1, WAIT, () -> "event not counted");
            } else {
                double before = handled();
                assertEquals(true, embedded.offerFeedback(step.feedback()));
                Await.until(() -> handled() == before + 1, WAIT, () -> "feedback not joined");
            }
        }
        clock.advance(Duration.ofMinutes(1));
        // The gauges are set one after another as the window closes (coverage before the realised metrics,
        // accuracy before log loss): wait for the last one read below, or a read can fall in between.
        Await.until(() -> !Double.isNaN(gauge("model.performance", "model", "fb", "metric", "log_loss",
                "source", "realised")), WAIT, () -> "the window did not close");

        assertEquals(FeedbackTraffic.ACCURACY, gauge("model.performance", "model", "fb", "metric", "accuracy",
                "source", "realised"), 1e-12);
        assertEquals(FeedbackTraffic.LOG_LOSS, gauge("model.performance", "model", "fb", "metric", "log_loss",
                "source", "realised"), 1e-6);
        assertEquals(FeedbackTraffic.LABELLED, gauge("model.feedback.labelled", "model", "fb"));
        assertEquals((double) FeedbackTraffic.LABELLED / FeedbackTraffic.PREDICTIONS,
                gauge("model.feedback.coverage", "model", "fb"), 1e-12);
        assertEquals(FeedbackTraffic.MATCHED, core.feedback().count(JoinOutcome.MATCHED));
        assertEquals(FeedbackTraffic.DUPLICATE, core.feedback().count(JoinOutcome.DUPLICATE));
        assertEquals(FeedbackTraffic.WAITED, core.feedback().waitingCount());
        assertEquals(0, core.feedback().count(JoinOutcome.UNMATCHED));

        clock.advance(Duration.ofDays(7));
        Await.until(() -> core.feedback().count(JoinOutcome.UNMATCHED) == 1, WAIT, () -> "zz did not expire");
    }

    private double gauge(String name, String... tags) {
        var g = registry.find(name).tags(tags).gauge();
        return g == null ? Double.NaN : g.value();
    }
}
