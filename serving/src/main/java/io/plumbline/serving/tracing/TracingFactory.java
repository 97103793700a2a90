package io.plumbline.serving.tracing;

import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.configuration.metrics.micrometer.ExportConfigurationProperties;
import io.micronaut.configuration.metrics.micrometer.prometheus.PrometheusMeterRegistryFactory;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.inject.Singleton;
import java.util.Properties;

/**
 * Wires tracing: the {@link Tracing} bean from the OpenTelemetry environment, and serving's
 * Prometheus registry, which takes the exemplar source only while tracing is on (Micronaut's own
 * factory builds the registry without one).
 */
@Factory
final class TracingFactory {
    static final String EXEMPLARS_ON_ALL_SERIES = "io.prometheus.exporter.exemplarsOnAllMetricTypes";

    @Singleton
    @Bean(preDestroy = "close")
    Tracing tracing() {
        return Tracing.fromEnvironment(System.getenv(), System.getProperties());
    }

    @Singleton
    @Replaces(factory = PrometheusMeterRegistryFactory.class, bean = PrometheusMeterRegistry.class)
    PrometheusMeterRegistry prometheusMeterRegistry(ExportConfigurationProperties export, Tracing tracing) {
        Properties properties = export.getExport();
        PrometheusConfig config = new PrometheusConfig() {
            @Override
            public String get(String key) {
                // The same keys Micronaut's factory reads (prometheus.step, prometheus.descriptions, ...).
                return properties.getProperty(key);
            }

            @Override
            public Properties prometheusProperties() {
                // Micrometer turns exemplars on every series on, also on a histogram's _count: OpenMetrics
                // 1.0 allows them on buckets and counters only, and Prometheus before 2.43 (Debian's is
                // 2.42) rejects the whole scrape ("does not support exemplars"). Buckets only, then.
                Properties p = PrometheusConfig.super.prometheusProperties();
                p.setProperty(EXEMPLARS_ON_ALL_SERIES, "false");
                return p;
            }
        };
        return new PrometheusMeterRegistry(config, new PrometheusRegistry(), Clock.SYSTEM,
                tracing.enabled() ? new TraceExemplars() : null);
    }
}
