package io.plumbline.serving.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code plumbline.registry.*}.
 *
 * @param uri the model repository: {@code file:./models}, {@code file:/abs/path} or a plain path
 * @param pollInterval how often the repository is re-read for new, changed or removed versions and
 *     moved aliases (e.g. {@code 10s}); {@code explicit} (or {@code 0s}) turns polling off, leaving
 *     changes to the repository API
 */
@ConfigurationProperties("plumbline.registry")
public record RegistryConfig(
        @Bindable(defaultValue = "file:./models") String uri,
        @Bindable(defaultValue = "10s") String pollInterval) {

    /** The poll interval, or null when polling is off. */
    public Duration poll() {
        String p = pollInterval == null ? "" : pollInterval.trim();
        if (p.isEmpty() || p.equalsIgnoreCase("explicit") || p.equalsIgnoreCase("none")) {
            return null;
        }
        Duration d = DurationText.parse(p, "plumbline.registry.poll-interval");
        return d.isZero() ? null : d;
    }
}
