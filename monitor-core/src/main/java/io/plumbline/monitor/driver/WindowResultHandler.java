package io.plumbline.monitor.driver;

import io.plumbline.monitor.alert.AlertRule;
import io.plumbline.monitor.drift.FeatureDrift;
import io.plumbline.monitor.metrics.DriftGauges;
import io.plumbline.monitor.metrics.PerformanceGauges;
import io.plumbline.monitor.result.LatestWindows;
import io.plumbline.monitor.result.WindowResult;
import io.plumbline.monitor.webhook.DriftAlert;
import io.plumbline.monitor.webhook.PerformanceAlert;
import io.plumbline.monitor.webhook.WebhookDispatcher;
import io.plumbline.monitor.webhook.WebhookPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Acts on a closed window: publishes its drift and performance gauges, keeps it as its (model, version)'s latest for the live
 * drift page ({@link #latest()}), feeds every feature's verdict to the alert rule and,
 * when any feature fires, hands one alert naming those features to the webhook dispatcher (which
 * returns at once). A segment's window sets its own gauges and nothing else: the alert rule, webhooks and
 * the live page follow the whole traffic, so a model with segments pages no more often than one without.
 * Thread-safe as far as its collaborators are; the alert rule is the caller's.
 */
public final class WindowResultHandler {
    private final DriftGauges gauges;
    private final PerformanceGauges performance;
    private final PerformanceThresholds thresholds;
    private final WebhookDispatcher webhooks;
    private final LatestWindows latest = new LatestWindows();

    public WindowResultHandler(DriftGauges gauges, PerformanceGauges performance, PerformanceThresholds thresholds,
            WebhookDispatcher webhooks) {
        this.gauges = gauges;
        this.performance = performance;
        this.thresholds = thresholds;
        this.webhooks = webhooks;
    }

    /** @return the features that alerted for this window (empty almost always) */
    public List<FeatureDrift> handle(WindowResult result, AlertRule rule) {
        return handle(result, rule, (model, payload) -> webhooks.dispatch(model, payload, () -> { }));
    }

    /**
     * As {@link #handle(WindowResult, AlertRule)}, handing each alert's payload (with its model) to
     * {@code alerts} instead of straight to the dispatcher: the Kafka monitor first keeps it in a store
     * committed with the window. Realised performance past a configured threshold alerts through the same
     * rule (consecutive windows, cooldown), keyed {@code performance.<metric>} beside the features.
     */
    public List<FeatureDrift> handle(WindowResult result, AlertRule rule, BiConsumer<String, WebhookPayload> alerts) {
        gauges.update(result);
        performance.update(result);
        if (result.segmented()) {
            return List.of();
        }
        latest.accept(result);
        List<FeatureDrift> fired = new ArrayList<>();
        for (FeatureDrift f : result.report().features()) {
            if (rule.observe(result.model(), f.feature(), f.verdict(), result.end())) {
                fired.add(f);
            }
        }
        if (!fired.isEmpty()) {
            alerts.accept(result.model(), webhooks.payload(new DriftAlert(result, fired)));
        }
        List<PerformanceAlert.Breach> breaches = new ArrayList<>();
        long labelled = result.counts().performance().labelled();
        for (PerformanceThresholds.Check c : thresholds.check(result.counts().performance())) {
            if (rule.observe(result.model(), PerformanceThresholds.PREFIX + c.metric(), c.verdict(), result.end())) {
                breaches.add(new PerformanceAlert.Breach(c.metric(), c.value(), c.threshold(), labelled));
            }
        }
        if (!breaches.isEmpty()) {
            alerts.accept(result.model(), webhooks.payload(new PerformanceAlert(result, breaches)));
        }
        return fired;
    }

    /** The latest closed window of each (model, version) this handler saw: what {@code GET /drift} shows. */
    public LatestWindows latest() {
        return latest;
    }

    /** Drops a model's gauges and latest windows (its task moved to another instance, or closed). */
    public void forget(String model) {
        gauges.remove(model);
        performance.remove(model);
        latest.remove(model);
    }

    public WebhookDispatcher webhooks() {
        return webhooks;
    }
}
