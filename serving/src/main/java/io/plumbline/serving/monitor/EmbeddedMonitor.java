package io.plumbline.serving.monitor;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.plumbline.events.FeedbackRecord;
import io.plumbline.monitor.alert.AlertTracker;
import io.plumbline.monitor.config.FeedbackConfig;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.driver.ProfileCache;
import io.plumbline.monitor.driver.WindowDriver;
import io.plumbline.monitor.driver.WindowStorage;
import io.plumbline.monitor.feedback.FeedbackJoin;
import io.plumbline.monitor.feedback.Match;
import io.plumbline.monitor.feedback.MemoryJoinStore;
import io.plumbline.monitor.result.WindowSpec;
import io.plumbline.serving.events.EmbeddedEventSink;
import io.plumbline.serving.events.EventSink;
import io.plumbline.serving.events.TracedEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the drift monitor in serving when the events sink is embedded: one thread drains the sink's two
 * queues, events into the {@link WindowDriver} and feedback into the {@link FeedbackJoin} (state in memory,
 * bounded), the same driver and join the Kafka Streams monitor drives. Each event, with its request's
 * traceparent (the sink's {@code TracedEvent}, as the Kafka monitor reads {@code ce_traceparent}), counts
 * into the window of the clock's now (processing time; windows in memory only), each match is scored in the window of
 * its time; a timer closes windows as the clock passes their end and expires the join's state. Each closed
 * window goes through the shared {@code WindowResultHandler} (gauges, alert decision, webhooks) with an
 * {@link AlertTracker} on the same clock. The driver and join are not thread-safe, so both threads use
 * them under this object's lock. With another sink it does nothing. Neither thread ever touches the
 * request path: a monitor that falls behind only fills (and overflows, counted) the sink's bounded queues.
 */
@Context
@Requires(property = "plumbline.monitor.embedded.enabled", notEquals = "false")
final class EmbeddedMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMonitor.class);
    private static final int BATCH = 256;
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final MonitorCore core;
    private final Clock clock;
    private final EmbeddedEventSink sink;
    private final WindowDriver windows;
    private final FeedbackJoin join;
    private final AlertTracker alerts;
    private final Thread consumer;
    private final ScheduledExecutorService timer;
    private volatile boolean running = true;

    /** @param cores looked up only with the embedded sink: creating the core registers the monitor's meters */
    EmbeddedMonitor(EventSink sink, BeanProvider<MonitorCore> cores, FeedbackConfig feedback,
            @Named(MonitorClockFactory.NAME) Clock clock) {
        this.clock = clock;
        if (!(sink instanceof EmbeddedEventSink embedded)) {
            this.core = null;
            this.sink = null;
            this.windows = null;
            this.join = null;
            this.alerts = null;
            this.consumer = null;
            this.timer = null;
            return;
        }
        this.core = cores.get();
        this.sink = embedded;
        this.alerts = new AlertTracker(core.alerts(), clock);
        // Processing time: the window of now, which no event can be late for, so no grace.
        WindowSpec spec = new WindowSpec(core.window().size(), Duration.ZERO);
        this.join = new FeedbackJoin(core.joinWindow(), new MemoryJoinStore(feedback.embeddedCapacity()),
                core.feedback(), this::score);
        this.windows = new WindowDriver(core, spec, new ProfileCache(embedded::profile), WindowStorage.NONE,
                result -> core.handler().handle(result, alerts::observe), join::prediction);
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
        List<TracedEvent> batch = new ArrayList<>(BATCH);
        List<FeedbackRecord> labels = new ArrayList<>(BATCH);
        int last = 0;
        // A quarter batch waiting, or a quarter of a small queue, is reason enough not to wait.
        int gatherBelow = Math.max(1, Math.min(BATCH, sink.capacity()) / 4);
        while (running) {
            try {
                if (last == 0) {
                    // Idle: wait for the next event. Feedback waits at most this poll (100 ms) when none arrive.
                    TracedEvent first = sink.poll(Duration.ofMillis(100));
                    if (first != null) {
                        batch.add(first);
                        sink.drainTo(batch, BATCH - 1);
                    }
                } else {
                    if (sink.queued() < gatherBelow) {
                        // Busy: let events gather for a moment rather than wait on the queue, where each
                        // event offered would wake this thread (a system call on the batcher's thread and
                        // a context switch here, per prediction). A window is minutes; this is 1 ms.
                        LockSupport.parkNanos(GATHER_NANOS);
                    }
                    sink.drainTo(batch, BATCH);
                }
                sink.drainFeedbackTo(labels, BATCH);
                // Feedback alone keeps the loop busy too, so a stream of labels is not read 256 per poll.
                last = batch.size() + labels.size();
                if (!batch.isEmpty() || !labels.isEmpty()) {
                    handle(batch, labels);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // One bad event or window must not stop monitoring for good.
                LOG.error("Embedded drift monitor failed on a batch; continuing", e);
            } finally {
                batch.clear();
                labels.clear();
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

    private synchronized void handle(List<TracedEvent> batch, List<FeedbackRecord> labels) {
        for (TracedEvent e : batch) {
            long now = clock.millis();
            // The traceparent the Kafka monitor reads from ce_traceparent; serving writes no tracestate.
            windows.count(e.event(), e.traceparent(), null, now, now);
            windows.closeDue(now);
        }
        for (FeedbackRecord f : labels) {
            join.feedback(f, clock.millis());
        }
    }

    /** A prediction joined to its truth: scored in the current window (called by the join, under the lock). */
    private void score(Match match) {
        windows.score(match, clock.millis());
    }

    private synchronized void closeDue() {
        long now = clock.millis();
        join.expire(now);
        windows.closeDue(now);
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
