package io.plumbline.monitor.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.plumbline.monitor.drift.DriftAnalyzer;
import io.plumbline.monitor.metrics.DriftGauges;
import io.plumbline.monitor.metrics.PerformanceGauges;
import io.plumbline.monitor.metrics.EventCounters;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.driver.WindowResultHandler;
import io.plumbline.monitor.feedback.FeedbackCounters;
import io.plumbline.monitor.webhook.WebhookDispatcher;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.random.RandomGenerator;

/** Builds the shared monitor core from {@code plumbline.monitor.*}; meters are created here, once. */
@Factory
final class MonitorFactory {

    @Singleton
    @Bean(preDestroy = "close")
    WebhookDispatcher webhookDispatcher(List<WebhookConfig> webhooks, DeliveryConfig delivery, MeterRegistry registry) {
        return new WebhookDispatcher(webhooks.stream().map(WebhookConfig::target).toList(), delivery.policy(), registry,
                RandomGenerator.getDefault());
    }

    @Singleton
    MonitorCore monitorCore(WindowConfig window, AlertConfig alert, ThresholdsConfig thresholds,
            FeedbackConfig feedback, PerformanceConfig performance, WebhookDispatcher webhooks, MeterRegistry registry) {
        DriftGauges gauges = new DriftGauges(registry);
        return new MonitorCore(window.spec(), new DriftAnalyzer(thresholds.settings(window.minCount())), alert.policy(),
                new WindowResultHandler(gauges, new PerformanceGauges(registry), performance.thresholds(), webhooks), new EventCounters(registry), gauges, feedback.joinWindow(),
                new FeedbackCounters(registry));
    }
}
