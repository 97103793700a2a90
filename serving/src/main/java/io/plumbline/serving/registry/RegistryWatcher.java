package io.plumbline.serving.registry;

import io.plumbline.model.ModelCatalog;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the repository at a fixed delay so new versions, changed files and moved aliases take
 * effect without a restart. A failing poll is logged once per distinct reason, not every tick, and
 * the recovery once; the catalog's {@link io.plumbline.model.RegistryHealth} counts every poll.
 */
final class RegistryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatcher.class);

    private final ModelCatalog catalog;
    private final ScheduledExecutorService timer;
    private String lastFailure;

    RegistryWatcher(ModelCatalog catalog, Duration interval) {
        this.catalog = catalog;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "registry-watcher");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        timer.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            catalog.refresh();
            if (lastFailure != null) {
                LOG.info("The model repository answers again; polling resumed");
            }
            lastFailure = null;
        } catch (Exception e) {
            String why = String.valueOf(e.getMessage());
            if (!why.equals(lastFailure)) {
                LOG.warn("Polling the model repository failed: {} (serving continues with what is loaded)", why);
                lastFailure = why;
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
