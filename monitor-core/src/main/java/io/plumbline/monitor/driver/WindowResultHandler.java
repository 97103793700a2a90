package io.plumbline.monitor.driver;

import io.plumbline.monitor.alert.AlertRule;
import io.plumbline.monitor.drift.FeatureDrift;
import io.plumbline.monitor.metrics.DriftGauges;
import io.plumbline.monitor.result.LatestWindows;
import io.plumbline.monitor.result.WindowResult;
import io.plumbline.monitor.webhook.DriftAlert;
import io.plumbline.monitor.webhook.WebhookDispatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Acts on a closed window: publishes its gauges, keeps it as its (model, version)'s latest for the live
 * drift page ({@link #latest()}), feeds every feature's verdict to the alert rule and,
 * when any feature fires, hands one alert naming those features to the webhook dispatcher (which
 * returns at once). Thread-safe as far as its collaborators are; the alert rule is the caller's.
 */
public final class WindowResultHandler {
    private final DriftGauges gauges;
    private final WebhookDispatcher webhooks;
    private final LatestWindows latest = new LatestWindows();

    public WindowResultHandler(DriftGauges gauges, WebhookDispatcher webhooks) {
        this.gauges = gauges;
        this.webhooks = webhooks;
    }

    /** @return the features that alerted for this window (empty almost always) */
    public List<FeatureDrift> handle(WindowResult result, AlertRule rule) {
        return handle(result, rule, webhooks::dispatch);
    }

    /**
     * As {@link #handle(WindowResult, AlertRule)}, handing the alert (if any) to {@code alerts} instead of
     * straight to the dispatcher: the Kafka monitor first keeps it in a store committed with the window.
     */
    public List<FeatureDrift> handle(WindowResult result, AlertRule rule, Consumer<DriftAlert> alerts) {
        gauges.update(result);
        latest.accept(result);
        List<FeatureDrift> fired = new ArrayList<>();
        for (FeatureDrift f : result.report().features()) {
            if (rule.observe(result.model(), f.feature(), f.verdict(), result.end())) {
                fired.add(f);
            }
        }
        if (!fired.isEmpty()) {
            alerts.accept(new DriftAlert(result, fired));
        }
        return fired;
    }

    /** The latest closed window of each (model, version) this handler saw: what {@code GET /drift} shows. */
    public LatestWindows latest() {
        return latest;
    }

    public WebhookDispatcher webhooks() {
        return webhooks;
    }
}
