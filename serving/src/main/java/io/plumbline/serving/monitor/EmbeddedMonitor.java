package io.plumbline.serving.monitor;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.plumbline.events.PredictionEvent;
import io.plumbline.monitor.alert.AlertTracker;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.driver.ProfileCache;
import io.plumbline.monitor.driver.WindowDriver;
import io.plumbline.monitor.driver.WindowStorage;
import io.plumbline.monitor.result.WindowSpec;
import io.plumbline.serving.events.EmbeddedEventSink;
import io.plumbline.serving.events.EventSink;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the drift monitor in serving when the events sink is embedded: one thread drains the sink's
 * queue into the {@link WindowDriver} (the same one the Kafka Streams monitor drives), counting each
 * event into the window of the clock's now (processing time; windows kept in memory only); a timer
 * closes windows as the clock passes their end; each closed window goes through the shared
 * {@code WindowResultHandler} (gauges, alert decision, webhooks) with an {@link AlertTracker} on the same
 * clock. The driver is not thread-safe, so both threads use it under this object's lock. With another sink it does nothing. Neither thread
 * ever touches the request path: a monitor that falls behind only fills (and overflows, counted) the
 * sink's bounded queue.
 */
@Context
@Requires(property = "plumbline.monitor.embedded.enabled", notEquals = "false")
final class EmbeddedMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMonitor.class);
    private static final int BATCH = 256;

    private final MonitorCore core;
    private final Clock clock;
    private final EmbeddedEventSink sink;
    private final WindowDriver windows;
    private final AlertTracker alerts;
    private final Thread consumer;
    private final ScheduledExecutorService timer;
    private volatile boolean running = true;

    EmbeddedMonitor(EventSink sink, MonitorCore core, @Named(MonitorClockFactory.NAME) Clock clock) {
        this.core = core;
        this.clock = clock;
        if (!(sink instanceof EmbeddedEventSink embedded)) {
            this.sink = null;
            this.windows = null;
            this.alerts = null;
            this.consumer = null;
            this.timer = null;
            return;
        }
        this.sink = embedded;
        this.alerts = new AlertTracker(core.alerts(), clock);
        // Processing time: the window of now, which no event can be late for, so no grace.
        WindowSpec spec = new WindowSpec(core.window().size(), Duration.ZERO);
        this.windows = new WindowDriver(core, spec, new ProfileCache(embedded::profile), WindowStorage.NONE,
                result -> core.handler().handle(result, alerts::observe));
        this.consumer = new Thread(this::drain, "plumbline-embedded-monitor");
        consumer.setDaemon(true);
        consumer.start();
        // Closing is checked often relative to the window (at least every second), so gauges lag little.
        long tick = Math.max(10, Math.min(1000, core.window().size().toMillis() / 10));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plumbline-embedded-monitor-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        LOG.info("Drift monitor: embedded, {} windows (processing time)", core.window().size());
    }

    private void drain() {
        List<PredictionEvent> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                PredictionEvent first = sink.poll(Duration.ofMillis(200));
                if (first == null) {
                    continue;
                }
                batch.add(first);
                sink.drainTo(batch, BATCH - 1);
                count(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // One bad event or window must not stop monitoring for good.
                LOG.error("Embedded drift monitor failed on a batch; continuing", e);
            } finally {
                batch.clear();
            }
        }
    }

    private void tick() {
        try {
            closeDue();
        } catch (RuntimeException e) {
            LOG.error("Embedded drift monitor failed to close windows; continuing", e);
        }
    }

    private synchronized void count(List<PredictionEvent> batch) {
        for (PredictionEvent e : batch) {
            long now = clock.millis();
            windows.count(e, now, now);
            windows.closeDue(now);
        }
    }

    private synchronized void closeDue() {
        windows.closeDue(clock.millis());
    }

    @PreDestroy
    @Override
    public void close() {
        running = false;
        if (timer != null) {
            timer.shutdownNow();
            consumer.interrupt();
        }
    }
}
