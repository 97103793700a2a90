package io.plumbline.serving.lifecycle;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.runtime.graceful.GracefulShutdownManager;
import io.plumbline.model.ModelCatalog;
import io.plumbline.serving.config.ShutdownConfig;
import io.plumbline.serving.events.EmbeddedEventSink;
import io.plumbline.serving.events.EventSink;
import io.plumbline.serving.registry.ModelStartup;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered shutdown, one INFO line per phase:
 * <ol>
 *   <li>readiness turns false (503), requests are still accepted and served for the grace period;</li>
 *   <li>the HTTP and gRPC listeners close and in-flight requests finish, within the drain timeout:
 *       Micronaut's {@link GracefulShutdownManager} (Netty closes the listener and each connection
 *       after its last response; {@link GrpcDrain} does {@code shutdown()} for gRPC), then
 *       {@code shutdownNow()} for gRPC calls still running;</li>
 *   <li>every model version is unloaded: its batcher closes and its engine closes once the last
 *       request holding it is done;</li>
 *   <li>prediction events are flushed: the embedded monitor takes what is queued (within what is
 *       left of the drain timeout), the Kafka producer flushes within its close-timeout;</li>
 *   <li>the application context stops the rest.</li>
 * </ol>
 * Micronaut's own {@code micronaut.lifecycle.graceful-shutdown} cannot express step 1 (it runs every
 * {@code GracefulShutdownCapable} at once, on the shutdown hook), so this drives the same manager
 * after the grace period instead, and the framework's switch stays off so nothing drains twice.
 */
@Singleton
final class ShutdownCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownCoordinator.class);

    private final ShutdownConfig config;
    private final Readiness readiness;
    private final GracefulShutdownManager listeners;
    private final GrpcDrain grpc;
    private final ModelCatalog catalog;
    private final ModelStartup startup;
    private final EventSink events;
    private final ApplicationContext context;

    ShutdownCoordinator(ShutdownConfig config, Readiness readiness, GracefulShutdownManager listeners,
            @Nullable GrpcDrain grpc, ModelCatalog catalog, ModelStartup startup, EventSink events,
            ApplicationContext context) {
        this.config = config;
        this.readiness = readiness;
        this.listeners = listeners;
        this.grpc = grpc;
        this.catalog = catalog;
        this.startup = startup;
        this.events = events;
        this.context = context;
    }

    /**
     * Runs every phase, then stops the application context.
     *
     * @return the exit code: 0 when every in-flight request finished within the drain timeout, 1 when
     *     some were cut
     */
    int run(String cause) {
        long start = System.nanoTime();
        readiness.shutdownStarted();
        // No version loads or retires while the server drains: the catalog stays as it is until step 4.
        startup.stopWatching();
        LOG.info("Shutdown 1/5 ({}): readiness reports 503; requests are still served for the grace period of {}",
                cause, text(config.gracePeriod()));
        sleep(config.gracePeriod());

        long drainStart = System.nanoTime();
        LOG.info("Shutdown 2/5: HTTP and gRPC stop accepting; waiting up to {} for in-flight requests",
                text(config.drainTimeout()));
        boolean drained = awaitListeners();
        long drainMs = millisSince(drainStart);
        if (drained) {
            LOG.info("Shutdown 3/5: in-flight requests finished in {} ms", drainMs);
        } else {
            LOG.warn("Shutdown 3/5: drain timeout of {} passed with {} HTTP connection(s) or task(s) still busy; "
                    + "cutting them and any gRPC call still running", text(config.drainTimeout()),
                    listeners.reportActiveTasks().orElse(-1));
            if (grpc != null) {
                grpc.forceStop();
            }
        }

        int versions = catalog.loaded().size();
        catalog.close();
        LOG.info("Shutdown 4/5: {} model version(s) unloaded: batchers closed, engines closed after their last "
                + "request", versions);

        long eventsStart = System.nanoTime();
        String left = flushEvents(config.drainTimeout().minusMillis(drainMs));
        LOG.info("Shutdown 5/5: prediction events flushed ({} sink{}) in {} ms", events.kind().configName(),
                left, millisSince(eventsStart));

        // Stops what is left, as Micronaut's shutdown hook would (that hook then finds nothing to do).
        context.findBean(EmbeddedApplication.class).ifPresent(EmbeddedApplication::stop);
        if (context.isRunning()) {
            context.stop();
        }
        int code = drained ? 0 : 1;
        LOG.info("Shutdown complete in {} ms; exit code {}", millisSince(start), code);
        return code;
    }

    /** Both listeners closed and their in-flight work done, within the drain timeout. */
    private boolean awaitListeners() {
        try {
            listeners.shutdownGracefully().toCompletableFuture()
                    .get(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            // Against GracefulShutdownCapable's contract; treated as not drained.
            LOG.warn("Graceful shutdown of the listeners failed", e.getCause());
            return false;
        }
    }

    /** Returns a note on events left behind, or "". */
    private String flushEvents(Duration budget) {
        String left = "";
        if (events instanceof EmbeddedEventSink embedded) {
            try {
                if (!embedded.awaitDrained(budget.isNegative() ? Duration.ZERO : budget)) {
                    left = ", " + embedded.queued() + " queued event(s) and " + embedded.queuedFeedback()
                            + " feedback record(s) not taken by the embedded monitor";
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        events.close();
        return left;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    /** {@code 5s}, {@code 250ms}: as the keys are written in application.yml. */
    static String text(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
