package io.plumbline.serving.tracing;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.inject.Singleton;

/**
 * Test-only wiring: with {@code plumbline.test.tracing=memory}, tracing is on with the real SDK, every
 * span exported at its end to an {@link InMemorySpanExporter} bean that the test reads.
 */
@Factory
@Requires(property = InMemoryTracing.PROPERTY, value = "memory")
public final class InMemoryTracing {
    public static final String PROPERTY = "plumbline.test.tracing";

    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Replaces(factory = TracingFactory.class, bean = Tracing.class)
    Tracing tracing(InMemorySpanExporter exporter) {
        return Tracing.with(OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build());
    }
}
