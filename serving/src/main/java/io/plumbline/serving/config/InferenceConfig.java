package io.plumbline.serving.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code plumbline.inference.*}.
 *
 * @param workers engine threads (0 = one per CPU core)
 * @param queueCapacity requests waiting for a worker before new ones get 429
 */
@ConfigurationProperties("plumbline.inference")
public record InferenceConfig(
        @Bindable(defaultValue = "0") int workers,
        @Bindable(defaultValue = "1024") int queueCapacity) {

    public int effectiveWorkers() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }
}
