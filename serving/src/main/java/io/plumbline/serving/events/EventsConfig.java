package io.plumbline.serving.events;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.events.EventFormat;
import io.plumbline.events.TensorLimits;
import io.plumbline.monitor.config.ConfigValueException;
import io.plumbline.monitor.config.Require;
import java.util.List;
import java.util.Locale;

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
 * @param format the body of prediction events on Kafka: {@code json} (default) or {@code binary}
 *     ({@code BinaryPredictionCodec}); the {@code content-type} header says which, so the monitor reads both
 */
@ConfigurationProperties(EventsConfig.PREFIX)
public record EventsConfig(
        @Nullable String sink,
        @Bindable(defaultValue = "1.0") double sampleRate,
        @Bindable(defaultValue = "4096") int maxTensorElements,
        @Bindable(defaultValue = "65536") long maxTensorBytes,
        @Bindable(defaultValue = "16") int summaryHead,
        @Bindable(defaultValue = "/plumbline/serving") String source,
        @Bindable(defaultValue = "10000") int embeddedQueueCapacity,
        @Bindable(defaultValue = "json") String format) {
    static final String PREFIX = "plumbline.events";

    public EventsConfig {
        Require.between(PREFIX + ".sample-rate", sampleRate, 0, 1, "1.0");
        Require.atLeast(PREFIX + ".embedded-queue-capacity", embeddedQueueCapacity, 1, "10000");
        Require.atLeast(PREFIX + ".max-tensor-elements", maxTensorElements, 0, "4096");
        Require.atLeast(PREFIX + ".max-tensor-bytes", maxTensorBytes, 0, "65536");
        Require.atLeast(PREFIX + ".summary-head", summaryHead, 0, "16");
        if (source == null || source.isBlank()) {
            throw new ConfigValueException(PREFIX + ".source", source, "must not be empty", "/plumbline/serving");
        }
        format = Require.oneOf(PREFIX + ".format", format, List.of("json", "binary"));
        if (sink != null && !sink.isBlank()) {
            Require.oneOf(PREFIX + ".sink", sink, List.of("kafka", "embedded", "none"));
        }
    }

    public EventFormat eventFormat() {
        return EventFormat.valueOf(format.toUpperCase(Locale.ROOT));
    }

    public TensorLimits limits() {
        return new TensorLimits(maxTensorElements, maxTensorBytes, summaryHead);
    }
}
