package io.plumbline.serving.registry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.plumbline.model.CatalogListener;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.ModelLoadException;
import io.plumbline.serving.config.RegistryConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the repository once the server is listening, on its own thread, so liveness answers at
 * once and readiness can turn true when loading is done (as Triton and KServe report it). With
 * {@code plumbline.readiness.fail-at-start} an unmet readiness requirement after that first load
 * ends the process with status 1 and one log line, so a deployment with a wrong repository fails
 * where its operator looks (the rollout) rather than serving nothing behind a probe that never passes.
 */
@Singleton
public final class ModelStartup implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStartup.class);

    private final ModelCatalog catalog;
    private final List<CatalogListener> listeners;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final Duration pollInterval;
    private final ReadinessRequirement requirement;
    private final boolean failAtStart;
    private final ApplicationEventPublisher<ModelsLoaded> loadedEvents;
    private volatile RegistryWatcher watcher;

    /** @param listeners every CatalogListener bean: gauges, batchers, profile publishers */
    ModelStartup(ModelCatalog catalog, List<CatalogListener> listeners, RegistryConfig registry,
            MeterRegistry meters, ReadinessRequirement requirement, ReadinessConfig readiness,
            ApplicationEventPublisher<ModelsLoaded> loadedEvents) {
        this.catalog = catalog;
        this.listeners = List.copyOf(listeners);
        this.requirement = requirement;
        this.failAtStart = readiness.failAtStart();
        this.loadedEvents = loadedEvents;
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
            catalog.loadAll();
        } catch (ModelLoadException e) {
            if (!failAtStart) {
                // With fail-at-start the one line below says it, with the repository and the cause.
                LOG.error("Model repository unusable: {}", e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error("Loading models failed", e);
        } finally {
            ready.set(true);
        }
        Optional<String> unmet = requirement.unmet();
        if (failAtStart && unmet.isPresent()) {
            LOG.error("Not starting: {} ({}.fail-at-start is true)", unmet.get(), ReadinessConfig.PREFIX);
            System.exit(1);
        }
        if (pollInterval != null) {
            watcher = new RegistryWatcher(catalog, pollInterval);
        }
        // What was loaded, how often the repository is polled: the start-up summary says it all at once.
        try {
            loadedEvents.publishEvent(new ModelsLoaded((System.nanoTime() - t0) / 1_000_000));
        } catch (RuntimeException e) {
            LOG.warn("Start-up summary failed: {}", e.toString());
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

    /** How often the repository is polled; null when polling is off. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** True once the initial load has finished (whatever its outcome per model). */
    public boolean ready() {
        return ready.get();
    }
}
