package io.plumbline.serving.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.model.engine.EngineOptions;
import io.plumbline.monitor.config.Require;
import java.util.List;

/**
 * {@code plumbline.engine.*}: ONNX Runtime session options applied to every model. One intra-op
 * thread per session by default, because parallelism comes from concurrent requests (workers);
 * raise it for large models served at low concurrency.
 */
@ConfigurationProperties(EngineConfig.PREFIX)
public record EngineConfig(
        @Bindable(defaultValue = "1") int intraOpThreads,
        @Bindable(defaultValue = "1") int interOpThreads,
        @Bindable(defaultValue = "all") String optimization) {
    static final String PREFIX = "plumbline.engine";

    public EngineConfig {
        Require.atLeast(PREFIX + ".intra-op-threads", intraOpThreads, 0, "1");
        Require.atLeast(PREFIX + ".inter-op-threads", interOpThreads, 0, "1");
        optimization = Require.oneOf(PREFIX + ".optimization", optimization, List.of("all", "extended", "basic", "none"));
    }

    public EngineOptions options() {
        return new EngineOptions(intraOpThreads, interOpThreads, optimization);
    }
}
