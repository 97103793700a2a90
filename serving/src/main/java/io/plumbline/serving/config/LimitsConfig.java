package io.plumbline.serving.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.monitor.config.Require;
import io.plumbline.serving.inference.InputLimits;

/**
 * {@code plumbline.limits.*}: what one inference request may ask for (see {@link InputLimits} for
 * each). The body size itself is {@code micronaut.server.max-request-size} (REST) and
 * {@code grpc.server.max-inbound-message-size} (gRPC), which the transports enforce before decoding.
 */
@Context // bound at start-up, so a bad value stops the start, not the first request
@ConfigurationProperties(InputLimits.PREFIX)
public record LimitsConfig(
        @Bindable(defaultValue = "64") int maxInputs,
        @Bindable(defaultValue = "4194304") long maxTensorElements,
        @Bindable(defaultValue = "8388608") long maxRequestElements,
        @Bindable(defaultValue = "16") int maxRank,
        @Bindable(defaultValue = "1048576") int maxBytesElementLength,
        @Bindable(defaultValue = "32") int maxJsonDepth) {

    public LimitsConfig {
        String p = InputLimits.PREFIX + ".";
        Require.atLeast(p + "max-inputs", maxInputs, 1, "64");
        Require.atLeast(p + "max-tensor-elements", maxTensorElements, 1, "4194304");
        Require.atLeast(p + "max-request-elements", maxRequestElements, 1, "8388608");
        Require.atLeast(p + "max-rank", maxRank, 1, "16");
        Require.atLeast(p + "max-bytes-element-length", maxBytesElementLength, 1, "1048576");
        Require.atLeast(p + "max-json-depth", maxJsonDepth, 1, "32");
    }

    public InputLimits limits() {
        return new InputLimits(maxInputs, maxTensorElements, maxRequestElements, maxRank, maxBytesElementLength,
                maxJsonDepth);
    }
}
