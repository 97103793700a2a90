package io.plumbline.serving.registry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.plumbline.model.CatalogListener;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.ModelLoadException;
import io.plumbline.serving.config.RegistryConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the repository once the server is listening, on its own thread, so liveness answers at
 * once and readiness turns true when loading is done (as Triton and KServe report it).
 */
@Singleton
public final class ModelStartup implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStartup.class);

    private final ModelCatalog catalog;
    private final List<CatalogListener> listeners;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final Duration pollInterval;
    private volatile RegistryWatcher watcher;

    /** @param listeners every CatalogListener bean: gauges, batchers, profile publishers */
    ModelStartup(ModelCatalog catalog, List<CatalogListener> listeners, RegistryConfig registry,
            MeterRegistry meters) {
        this.catalog = catalog;
        this.listeners = List.copyOf(listeners);
        this.pollInterval = registry.poll();
        if (pollInterval != null) {
            // Only while polling: with polling off nothing would move the gauge, and its alert would fire.
            RegistryGauges.register(meters, catalog.registryHealth());
        }
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        listeners.forEach(catalog::addListener);
        Thread loader = new Thread(this::loadAll, "model-startup");
        loader.setDaemon(true);
        loader.start();
    }

    private void loadAll() {
        long t0 = System.nanoTime();
        try {
            int n = catalog.loadAll();
            LOG.info("Serving {} model version(s) from {} (loaded in {} ms)", n, catalog.repository().describe(),
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (ModelLoadException e) {
            LOG.error("Model repository unusable: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Loading models failed", e);
        } finally {
            ready.set(true);
        }
        if (pollInterval != null) {
            watcher = new RegistryWatcher(catalog, pollInterval);
            LOG.info("Watching the model repository every {} s", pollInterval.toMillis() / 1000.0);
        }
    }

    /** Stops polling the repository (shutdown: nothing should load while the server drains). */
    @PreDestroy
    public void stopWatching() {
        RegistryWatcher w = watcher;
        if (w != null) {
            w.close();
        }
    }

    /** True once the initial load has finished (whatever its outcome per model). */
    public boolean ready() {
        return ready.get();
    }
}
