package io.plumbline.serving.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.model.CatalogListener;
import io.plumbline.model.LoadedModel;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code model.loaded} (1 while a version serves, 0 after it is unloaded) and
 * {@code model.load.failures}. Gauge values are held here: Micrometer keeps only weak references.
 */
@Singleton
final class ModelGauges implements CatalogListener {
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> loaded = new ConcurrentHashMap<>();

    ModelGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void loaded(LoadedModel model) {
        gauge(model).incrementAndGet();
        // Registered at 0 with the first load so alert rules can use increase() from the start.
        failures(model.name());
    }

    @Override
    public void unloaded(LoadedModel model) {
        gauge(model).decrementAndGet();
    }

    @Override
    public void failed(String model, long version, String reason) {
        failures(model).increment();
    }

    private Counter failures(String model) {
        return Counter.builder("model.load.failures")
                .description("Model versions refused at load (bad files, checksum, engine errors)")
                .tag("model", model)
                .register(registry);
    }

    private AtomicInteger gauge(LoadedModel m) {
        String device = m.engine().device();
        return loaded.computeIfAbsent(m.name() + '\0' + m.version() + '\0' + device, k -> {
            AtomicInteger value = new AtomicInteger();
            // Counts live instances of the version: a reload attaches the new files before the old
            // ones retire, so the count is briefly 2; the gauge says 1 throughout.
            Gauge.builder("model.loaded", value, v -> Math.min(1, v.get()))
                    .description("1 while a model version is serving")
                    .tags("model", m.name(), "version", m.versionLabel(), "device", device)
                    .register(registry);
            return value;
        });
    }
}
