package io.plumbline.serving.registry;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.plumbline.model.CatalogListener;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.ModelLoadException;
import jakarta.inject.Singleton;
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

    /** @param listeners every CatalogListener bean: gauges, batchers, profile publishers */
    ModelStartup(ModelCatalog catalog, List<CatalogListener> listeners) {
        this.catalog = catalog;
        this.listeners = List.copyOf(listeners);
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
    }

    /** True once the initial load has finished (whatever its outcome per model). */
    public boolean ready() {
        return ready.get();
    }
}
