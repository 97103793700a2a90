package io.plumbline.serving.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
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

    public InputLimits limits() {
        return new InputLimits(maxInputs, maxTensorElements, maxRequestElements, maxRank, maxBytesElementLength,
                maxJsonDepth);
    }
}
