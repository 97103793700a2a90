package io.plumbline.serving.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.model.engine.EngineOptions;

/**
 * {@code plumbline.engine.*}: ONNX Runtime session options applied to every model. One intra-op
 * thread per session by default, because parallelism comes from concurrent requests (workers);
 * raise it for large models served at low concurrency.
 */
@ConfigurationProperties("plumbline.engine")
public record EngineConfig(
        @Bindable(defaultValue = "1") int intraOpThreads,
        @Bindable(defaultValue = "1") int interOpThreads,
        @Bindable(defaultValue = "all") String optimization) {

    public EngineOptions options() {
        return new EngineOptions(intraOpThreads, interOpThreads, optimization);
    }
}
