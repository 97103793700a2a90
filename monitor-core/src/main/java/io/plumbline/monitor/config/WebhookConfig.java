package io.plumbline.monitor.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.core.annotation.Nullable;
import io.plumbline.monitor.webhook.WebhookTarget;
import java.util.List;

/**
 * One entry of the {@code plumbline.monitor.webhooks} list: {@code url}, {@code secret} and optionally
 * {@code models} (the target gets alerts of these models only; all when absent).
 */
@EachProperty(value = "plumbline.monitor.webhooks", list = true)
public record WebhookConfig(String url, String secret, @Nullable List<String> models) {

    public WebhookTarget target() {
        return WebhookTarget.of(url, secret, models);
    }

    @Override
    public String toString() {
        return target().toString();
    }
}
