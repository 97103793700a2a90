package io.plumbline.bench.monitor;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.monitor.alert.AlertPolicy;
import io.plumbline.monitor.drift.DriftAnalyzer;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.driver.PerformanceThresholds;
import io.plumbline.monitor.driver.WindowResultHandler;
import io.plumbline.monitor.feedback.FeedbackCounters;
import io.plumbline.monitor.metrics.DriftGauges;
import io.plumbline.monitor.metrics.EventCounters;
import io.plumbline.monitor.metrics.EventOutcome;
import io.plumbline.monitor.metrics.PerformanceGauges;
import io.plumbline.monitor.result.WindowSpec;
import io.plumbline.monitor.stream.CloudEventDecoder;
import io.plumbline.monitor.stream.MonitorTopology;
import io.plumbline.monitor.stream.StreamsSettings;
import io.plumbline.monitor.stream.Topics;
import io.plumbline.monitor.webhook.RetryPolicy;
import io.plumbline.monitor.webhook.WebhookDispatcher;
import io.plumbline.testing.Directories;
import io.plumbline.testing.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * The measured side: the monitor topology ({@link MonitorTopology#build}, {@link CloudEventDecoder}, one
 * stream thread, a fresh application id and state directory each run) processes the whole predictions topic
 * under one processing guarantee; events per second from the first count to the last (the events counted
 * at the first look are left out of the rate).
 */
final class MonitorRun {
    /** A run whose count has not moved for this long is stuck: fail with the stream threads' stacks. */
    private static final Duration STALL = Duration.ofSeconds(90);

    private MonitorRun() {
    }

    /**
     * @param reader the processing guarantee, optionally with the commit interval after an {@code @}
     *     ({@code exactly_once_v2@1s}, {@code at_least_once@250ms}); without one, Kafka Streams' default
     * @param run this run's number in the measurement, for an application id of its own
     */
    static double eventsPerSecond(KafkaBroker broker, int events, String reader, int run)
            throws IOException, InterruptedException {
        int at = reader.indexOf('@');
        String guarantee = at < 0 ? reader : reader.substring(0, at);
        Duration commitInterval = at < 0 ? null : interval(reader.substring(at + 1));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DriftGauges gauges = new DriftGauges(registry);
        EventCounters counters = new EventCounters(registry);
        Path state = Files.createTempDirectory("bench-monitor-state");
        String app = "bench-monitor-" + run;
        Topics topics = new Topics(BenchTopics.PREDICTIONS, BenchTopics.PROFILES, app + ".drift", null);
        try (WebhookDispatcher webhooks = new WebhookDispatcher(List.of(), RetryPolicy.defaults(), registry,
                new SplittableRandom(1))) {
            MonitorCore core = new MonitorCore(new WindowSpec(Duration.ofMinutes(1), Duration.ofSeconds(30)),
                    new DriftAnalyzer(DriftSettings.defaults()), new AlertPolicy(2, Duration.ofHours(1)),
                    new WindowResultHandler(gauges, new PerformanceGauges(registry), PerformanceThresholds.none(),
                            webhooks), counters, gauges, Duration.ofDays(7), new FeedbackCounters(registry));
            StreamsSettings settings = new StreamsSettings(broker.bootstrapServers(), app, guarantee, state.toString(),
                    1, commitInterval, Map.of());
            KafkaStreams streams = new KafkaStreams(
                    MonitorTopology.build(new StreamsBuilder(), topics, new CloudEventDecoder(), core),
                    settings.properties(topics, counters));
            double rate = timed(streams, () -> total(counters), events, state);
            long ok = (long) counters.count(EventOutcome.OK);
            if (ok != events) {
                throw new IllegalStateException("monitor counted " + ok + " of " + events + " events as ok: "
                        + Arrays.stream(EventOutcome.values()).map(o -> o + "=" + (long) counters.count(o)).toList());
            }
            return rate;
        }
    }

    /**
     * Starts {@code streams}, waits until {@code count} reaches {@code events}, and returns events per second
     * from the first look that saw a count to the last (what was counted at that first look left out); then
     * closes the app and deletes its state directory. Fails on an uncaught stream-thread error or a stall.
     */
    static double timed(KafkaStreams streams, LongSupplier count, int events, Path state) throws InterruptedException {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        streams.setUncaughtExceptionHandler(e -> {
            failed.compareAndSet(null, e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
        long first = 0;
        long atFirst = 0;
        long last;
        long deadline = System.nanoTime() + MonitorThroughput.RUN_TIMEOUT.toNanos();
        long progress = 0;
        long progressAt = System.nanoTime();
        streams.start();
        try {
            while (true) {
                long n = count.getAsLong();
                long now = System.nanoTime();
                if (first == 0 && n > 0) {
                    first = now;
                    // Counted before the first look: no measured time, so not in the rate.
                    atFirst = n;
                }
                if (n >= events) {
                    last = now;
                    break;
                }
                if (failed.get() != null) {
                    throw new IllegalStateException("stream thread failed", failed.get());
                }
                if (n != progress) {
                    progress = n;
                    progressAt = now;
                }
                if (now > deadline || now - progressAt > STALL.toNanos()) {
                    throw new IllegalStateException("counted " + n + " of " + events + " events; "
                            + "no progress for " + (now - progressAt) / 1_000_000_000 + " s; state "
                            + streams.state() + "; " + streamThreads());
                }
                Thread.sleep(2);
            }
        } finally {
            streams.close(Duration.ofSeconds(60));
            streams.cleanUp();
            deleteRecursively(state);
        }
        return MonitorThroughput.rate(events - atFirst, first, last);
    }

    /** {@code 1s} or {@code 250ms}. */
    static Duration interval(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        throw new IllegalArgumentException("commit interval '" + text + "': expected e.g. 1s or 250ms");
    }

    private static String streamThreads() {
        StringBuilder s = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().contains("StreamThread")) {
                s.append('\n').append(t.getName()).append(' ').append(t.getState());
                for (int i = 0; i < Math.min(stack.length, 25); i++) {
                    s.append("\n    at ").append(stack[i]);
                }
            }
        });
        return s.toString();
    }

    private static long total(EventCounters c) {
        long n = 0;
        for (EventOutcome o : EventOutcome.values()) {
            n += (long) c.count(o);
        }
        return n;
    }

    private static void deleteRecursively(Path root) {
        try {
            Directories.deleteRecursively(root);
        } catch (IOException e) {
            MonitorThroughput.log("could not delete " + root + ": " + e.getMessage());
        }
    }
}
