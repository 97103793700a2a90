package io.plumbline.monitor.testing;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.monitor.alert.AlertPolicy;
import io.plumbline.monitor.drift.DriftAnalyzer;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.feedback.FeedbackCounters;
import io.plumbline.monitor.metrics.DriftGauges;
import io.plumbline.monitor.metrics.PerformanceGauges;
import io.plumbline.monitor.metrics.EventCounters;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.driver.PerformanceThresholds;
import io.plumbline.monitor.driver.WindowResultHandler;
import io.plumbline.monitor.result.WindowSpec;
import io.plumbline.monitor.webhook.RetryPolicy;
import io.plumbline.monitor.webhook.WebhookDispatcher;
import io.plumbline.monitor.webhook.WebhookTarget;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/** Monitor cores for tests: default drift settings, fast webhook retries. */
public final class TestMonitors {
    public static final String SECRET = "s3cr3t-for-tests";

    private TestMonitors() {
    }

    public static RetryPolicy fastRetries() {
        return new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(5), 100);
    }

    public static WebhookDispatcher dispatcher(MeterRegistry registry, List<WebhookTarget> targets) {
        return new WebhookDispatcher(targets, fastRetries(), registry, new SplittableRandom(7));
    }

    public static MonitorCore core(MeterRegistry registry, WindowSpec window, AlertPolicy alerts,
            WebhookDispatcher webhooks) {
        DriftGauges gauges = new DriftGauges(registry);
        return new MonitorCore(window, new DriftAnalyzer(DriftSettings.defaults()), alerts,
                new WindowResultHandler(gauges, new PerformanceGauges(registry), PerformanceThresholds.none(), webhooks), new EventCounters(registry), gauges, Duration.ofDays(7),
                new FeedbackCounters(registry));
    }
}
