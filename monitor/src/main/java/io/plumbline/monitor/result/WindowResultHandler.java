package io.plumbline.monitor.result;

import io.plumbline.monitor.drift.FeatureDrift;
import io.plumbline.monitor.metrics.DriftGauges;
import io.plumbline.monitor.webhook.DriftAlert;
import io.plumbline.monitor.webhook.WebhookDispatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Acts on a closed window: publishes its gauges, feeds every feature's verdict to the alert rule and,
 * when any feature fires, hands one alert naming those features to the webhook dispatcher (which
 * returns at once). Thread-safe as far as its collaborators are; the alert rule is the caller's.
 */
public final class WindowResultHandler {
    private final DriftGauges gauges;
    private final WebhookDispatcher webhooks;

    public WindowResultHandler(DriftGauges gauges, WebhookDispatcher webhooks) {
        this.gauges = gauges;
        this.webhooks = webhooks;
    }

    /** @return the features that alerted for this window (empty almost always) */
    public List<FeatureDrift> handle(WindowResult result, AlertRule rule) {
        gauges.update(result);
        List<FeatureDrift> fired = new ArrayList<>();
        for (FeatureDrift f : result.report().features()) {
            if (rule.observe(result.model(), f.feature(), f.verdict(), result.end())) {
                fired.add(f);
            }
        }
        if (!fired.isEmpty()) {
            webhooks.dispatch(new DriftAlert(result, fired));
        }
        return fired;
    }
}
