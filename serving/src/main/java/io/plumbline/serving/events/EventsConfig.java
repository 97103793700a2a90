package io.plumbline.serving.events;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.events.TensorLimits;

/**
 * {@code plumbline.events.*}: what is published about predictions, and where.
 *
 * @param sink {@code kafka}, {@code embedded} or {@code none}; unset means Kafka when
 *     {@code plumbline.events.kafka.bootstrap-servers} is set, else embedded
 * @param sampleRate fraction of predictions published, 0..1
 * @param maxTensorElements tensors with more elements are summarised (count, min, max, mean, first values)
 * @param maxTensorBytes tensors with more bytes of element data (BYTES strings included) are summarised
 * @param summaryHead how many leading values a summary keeps
 * @param source the CloudEvents {@code ce_source} of the events (a URI reference naming this service)
 * @param embeddedQueueCapacity events the embedded queue holds before new ones are dropped
 */
@ConfigurationProperties("plumbline.events")
public record EventsConfig(
        @Nullable String sink,
        @Bindable(defaultValue = "1.0") double sampleRate,
        @Bindable(defaultValue = "4096") int maxTensorElements,
        @Bindable(defaultValue = "65536") long maxTensorBytes,
        @Bindable(defaultValue = "16") int summaryHead,
        @Bindable(defaultValue = "/plumbline/serving") String source,
        @Bindable(defaultValue = "10000") int embeddedQueueCapacity) {

    public EventsConfig {
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("plumbline.events.sample-rate must be between 0 and 1, was " + sampleRate);
        }
        if (embeddedQueueCapacity < 1) {
            throw new IllegalArgumentException("plumbline.events.embedded-queue-capacity must be at least 1, was "
                    + embeddedQueueCapacity);
        }
        if (maxTensorElements < 0 || maxTensorBytes < 0 || summaryHead < 0) {
            throw new IllegalArgumentException("plumbline.events.max-tensor-elements, max-tensor-bytes and "
                    + "summary-head must be >= 0, were " + maxTensorElements + ", " + maxTensorBytes + ", " + summaryHead);
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("plumbline.events.source must not be empty");
        }
    }

    public TensorLimits limits() {
        return new TensorLimits(maxTensorElements, maxTensorBytes, summaryHead);
    }
}
