package io.plumbline.serving.health;

import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.stub.ServerCallStreamObserver;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.plumbline.model.CatalogListener;
import io.plumbline.model.LoadedModel;
import io.plumbline.model.ModelCatalog;
import io.plumbline.serving.lifecycle.Readiness;
import io.plumbline.serving.registry.ModelsLoaded;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open Watch calls. Each is re-evaluated, and sent what changed, on the events that change
 * statuses: a version starts or stops serving, the first load ends, shutdown starts. A timer also
 * re-evaluates them every {@link #RECHECK}, because the catalog announces a new version just
 * <em>before</em> it becomes routable (so an evaluation on that event can still see the old routing),
 * and because readiness has causes no event reports (a required model that failed). With no Watch open
 * the timer does nothing. When the listeners close (shutdown step 2, after the grace period in which
 * every watcher was sent NOT_SERVING) every Watch is completed: an open stream would otherwise keep the
 * gRPC server's drain waiting until its timeout.
 */
@Singleton
final class HealthWatchers implements ApplicationEventListener<ModelsLoaded>, GracefulShutdownCapable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthWatchers.class);
    static final Duration RECHECK = Duration.ofSeconds(1);

    private final HealthStatuses statuses;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    /**
     * Listens to the catalog itself rather than being a {@link CatalogListener} bean: the statuses read
     * {@code ModelStartup}, which takes every such bean, so being one would make a dependency cycle.
     */
    HealthWatchers(HealthStatuses statuses, Readiness readiness, ModelCatalog catalog) {
        this.statuses = statuses;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "grpc-health-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, RECHECK.toMillis(), RECHECK.toMillis(), TimeUnit.MILLISECONDS);
        readiness.onShutdown(this::refreshSoon);
        catalog.addListener(new CatalogListener() {
            @Override
            public void loaded(LoadedModel model) {
                refreshSoon();
            }

            @Override
            public void unloaded(LoadedModel model) {
                refreshSoon();
            }

            @Override
            public void failed(String model, long version, String reason) {
                refreshSoon();
            }
        });
    }

    void watch(String service, ServerCallStreamObserver<HealthCheckResponse> out) {
        Watcher w = new Watcher(service, out);
        out.setOnCancelHandler(() -> watchers.remove(w));
        if (closed) {
            w.update(statuses.of(service));
            w.complete();
            return;
        }
        watchers.add(w);
        w.update(statuses.of(service));
    }

    /** Open Watch calls (for tests and the drain's report). */
    int open() {
        return watchers.size();
    }

    private void refresh() {
        for (Watcher w : watchers) {
            try {
                w.update(statuses.of(w.service));
            } catch (RuntimeException e) {
                // One broken stream must not stop the others' updates.
                LOG.debug("Health watch on '{}' failed: {}", w.service, e.toString());
                watchers.remove(w);
            }
        }
    }

    private void refreshSoon() {
        try {
            timer.execute(this::refresh);
        } catch (RejectedExecutionException e) {
            // Closed: no watcher is left to tell.
        }
    }

    @Override
    public void onApplicationEvent(ModelsLoaded event) {
        refreshSoon();
    }

    /** Sends each watcher its last status and ends its call; Watch calls that come later end at once. */
    @Override
    public CompletionStage<?> shutdownGracefully() {
        closed = true;
        for (Watcher w : watchers) {
            w.update(statuses.of(w.service));
            w.complete();
        }
        watchers.clear();
        timer.shutdownNow();
        return CompletableFuture.completedFuture(null);
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }

    /** One Watch call; its stream is written by one thread at a time, and only on a change. */
    private static final class Watcher {
        final String service;
        private final ServerCallStreamObserver<HealthCheckResponse> out;
        private ServingStatus last;
        private boolean done;

        Watcher(String service, ServerCallStreamObserver<HealthCheckResponse> out) {
            this.service = service;
            this.out = out;
        }

        synchronized void update(ServingStatus status) {
            if (done || status == last || out.isCancelled()) {
                return;
            }
            last = status;
            out.onNext(HealthCheckResponse.newBuilder().setStatus(status).build());
        }

        synchronized void complete() {
            if (!done && !out.isCancelled()) {
                done = true;
                out.onCompleted();
            }
        }
    }
}
