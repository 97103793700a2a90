package io.plumbline.serving.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.plumbline.model.ModelCatalog;
import io.plumbline.serving.inference.BatcherRegistry;
import io.plumbline.serving.inference.InferenceMetrics;
import io.plumbline.serving.inference.InferenceService;
import io.plumbline.serving.inference.InputLimits;
import io.plumbline.serving.inference.PredictionListener;
import io.plumbline.serving.inference.StatisticsQuery;
import io.plumbline.serving.registry.ModelStartup;
import io.plumbline.serving.stats.ModelStatistics;
import io.plumbline.serving.tracing.Tracing;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/** Wires the inference path: per-model batchers, metrics and the service. */
@Factory
final class InferenceFactory {

    @Singleton
    @Bean(preDestroy = "close")
    BatcherRegistry batchers(BatchingConfig config, MeterRegistry registry, ModelStatistics statistics,
            Tracing tracing) {
        return new BatcherRegistry(config::forModel, registry, statistics,
                tracing.enabled() ? tracing.tracer() : null);
    }

    @Singleton
    ModelStatistics statistics(ModelCatalog catalog) {
        return new ModelStatistics(catalog, Clock.systemUTC());
    }

    @Singleton
    InferenceMetrics inferenceMetrics(MeterRegistry registry) {
        return new InferenceMetrics(registry);
    }

    @Singleton
    InputLimits inputLimits(LimitsConfig config) {
        return config.limits();
    }

    @Singleton
    StatisticsQuery statisticsQuery(InferenceService inference, ModelCatalog catalog, ModelStatistics statistics) {
        return new StatisticsQuery(inference, catalog, statistics);
    }

    @Singleton
    InferenceService inferenceService(ModelCatalog catalog, BatcherRegistry batchers, InferenceMetrics metrics,
            ModelStartup startup, List<PredictionListener> listeners) {
        return new InferenceService(catalog, batchers, metrics, startup::ready, listeners);
    }
}
