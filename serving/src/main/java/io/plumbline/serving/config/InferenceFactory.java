package io.plumbline.serving.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.plumbline.model.ModelCatalog;
import io.plumbline.serving.inference.InferenceMetrics;
import io.plumbline.serving.inference.InferenceService;
import io.plumbline.serving.inference.PredictionListener;
import io.plumbline.serving.registry.ModelStartup;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires the inference path: a bounded worker pool, metrics and the service. */
@Factory
final class InferenceFactory {

    @Singleton
    @Named("inference")
    @Bean(preDestroy = "shutdown")
    ExecutorService inferenceWorkers(InferenceConfig config) {
        int n = config.effectiveWorkers();
        AtomicInteger ids = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "inference-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // A bounded queue makes overload visible at once (429) instead of as growing latency.
        return new ThreadPoolExecutor(n, n, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.queueCapacity()),
                threads, new ThreadPoolExecutor.AbortPolicy());
    }

    @Singleton
    InferenceMetrics inferenceMetrics(MeterRegistry registry) {
        return new InferenceMetrics(registry);
    }

    @Singleton
    InferenceService inferenceService(ModelCatalog catalog, @Named("inference") ExecutorService workers,
            InferenceMetrics metrics, ModelStartup startup, List<PredictionListener> listeners) {
        return new InferenceService(catalog, workers, metrics, startup::ready, listeners);
    }
}
