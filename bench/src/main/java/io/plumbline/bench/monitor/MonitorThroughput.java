package io.plumbline.bench.monitor;

import io.plumbline.testing.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Monitor throughput against a plain consumer, same broker, same topic, same run (issue 6: the ratio
 * should be at least 0.5).
 *
 * <p>Starts a real single-node Kafka broker ({@link KafkaBroker}), writes {@code --events} prediction
 * events (CloudEvents binary mode, one row of {@code --features} FP32 inputs in one {@code [1, k]} tensor
 * plus a one-value output, as serving publishes them) for {@code --partitions} models, one model per
 * partition, with event times 10 ms apart per model so one-minute windows open and close along the way;
 * and a reference profile of {@code --features} numeric features on {@code --bins} bins per model. After an
 * untimed warm-up (one run of the consumer, {@link #MONITOR_WARMUP_RUNS} of each monitor reader, {@link
 * #PASS_THROUGH_WARMUP_RUNS} of the pass-through), {@code --rounds}
 * times, interleaved: (a) a plain {@link KafkaConsumer} reads the whole topic and
 * discards it (byte arrays, no decoding); (b) the monitor topology
 * ({@link MonitorTopology#build}, {@link CloudEventDecoder}, one stream thread, a fresh application id and
 * state directory each time) processes the whole topic under {@code exactly_once_v2} with a commit interval
 * of 1 s (chosen for throughput: issue 16; monitor/MONITOR.md has the latency it costs); (c) the same under
 * {@code at_least_once} (Kafka Streams' default interval, 30 s); (d) Kafka Streams' floor, a topology that
 * only counts the records ({@link PassThroughRun}). {@code --guarantees} takes
 * {@code guarantee[@interval]} tokens. A run is timed from its first records to its last (start-up and rebalancing
 * excluded, commits included); what arrived with the first look took no measured time and is not counted.
 * The plain consumer reads the topic again from the start until its passes took a second, each pass timed
 * on its own ({@link PassClock}: the fetch waits between passes are left out), since one pass takes only a
 * few fetch round trips. Prints a Markdown table: median events/s of each and the ratio of the
 * monitor's median to the consumer's, each round's numbers, the machine and the date.
 *
 * <pre>{@code
 * java -cp bench/target/plumbline-bench.jar io.plumbline.bench.monitor.MonitorThroughput \
 *     [--events 200000] [--partitions 4] [--rounds 3] [--features 10] [--bins 1000] [--guarantees exactly_once_v2@1s,at_least_once]
 *     [--format json|binary]
 * }</pre>
 */
public final class MonitorThroughput {
    /** The longest one reader's run may take. */
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    /** Untimed runs of each monitor reader before the rounds (the plain consumer gets one). */
    static final int MONITOR_WARMUP_RUNS = 3;
    /**
     * Untimed runs of the pass-through reader: its record loop is the one the monitor's warm-up already
     * compiled, and each run costs a stream thread's start-up (the stage has to fit bench/run.sh's 15 minutes).
     */
    static final int PASS_THROUGH_WARMUP_RUNS = 1;

    private final ThroughputSettings settings;
    private int runs;

    private MonitorThroughput(ThroughputSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] argv) throws Exception {
        quietLogging();
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                System.err.println("usage: MonitorThroughput [--events N] [--partitions P] [--rounds R] [--features K]"
                        + " [--bins B] [--guarantees exactly_once_v2@1s,at_least_once] [--format json|binary]");
                System.exit(2);
            }
            args.put(argv[i].substring(2), argv[++i]);
        }
        System.out.println(measure(args).markdown());
        // Kafka clients may leave non-daemon threads behind.
        System.exit(0);
    }

    /**
     * Events per second by reader ({@code plain consumer}, {@code monitor <guarantee>}), one value per round,
     * and the Markdown table of them.
     */
    public record Result(Map<String, List<Double>> rates, String markdown) {
    }

    /** Runs the measurement; {@code args} as the command line's options without their dashes. */
    public static Result measure(Map<String, String> args) throws Exception {
        quietLogging();
        return new MonitorThroughput(ThroughputSettings.parse(args)).run();
    }

    private Result run() throws Exception {
        log("starting a Kafka broker");
        // A fresh consumer group's first rebalance waits group.initial.rebalance.delay.ms (3 s by default) for
        // more members; every Streams run here is a new group of one, so each run waited that long before
        // its first record (outside the timed part, but inside bench/run.sh's 15 minutes).
        try (KafkaBroker broker = KafkaBroker.launch(Map.of("num.partitions", String.valueOf(settings.partitions()),
                "group.initial.rebalance.delay.ms", "0"))) {
            BenchTopics.create(broker, settings.partitions());
            BenchEvents.produce(broker, settings);
            int events = settings.events();
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            rates.put(ThroughputTable.PLAIN, new ArrayList<>());
            for (String g : settings.guarantees()) {
                rates.put("monitor " + g, new ArrayList<>());
            }
            rates.put(PassThroughRun.READER, new ArrayList<>());
            // Untimed warm-up, so the JIT and the broker's page cache are the same for all. The monitor's call
            // tree is much deeper than the consumer's: after one warm-up run its next two ran at 106,000
            // events/s and the later ones at 133,000-177,000 (binary, by hand, 2026-12-04), so each monitor
            // reader warms up over MONITOR_WARMUP_RUNS runs.
            log("warm-up");
            PlainConsumerRun.eventsPerSecond(broker, events, ++runs);
            for (int w = 0; w < MONITOR_WARMUP_RUNS; w++) {
                for (String g : settings.guarantees()) {
                    MonitorRun.eventsPerSecond(broker, events, g, ++runs);
                }
                if (w < PASS_THROUGH_WARMUP_RUNS) {
                    PassThroughRun.eventsPerSecond(broker, events, ++runs);
                }
            }
            for (int r = 1; r <= settings.rounds(); r++) {
                double c = PlainConsumerRun.eventsPerSecond(broker, events, ++runs);
                rates.get(ThroughputTable.PLAIN).add(c);
                log(String.format(Locale.ROOT, "round %d: plain consumer %,.0f events/s", r, c));
                for (String g : settings.guarantees()) {
                    double m = MonitorRun.eventsPerSecond(broker, events, g, ++runs);
                    rates.get("monitor " + g).add(m);
                    log(String.format(Locale.ROOT, "round %d: monitor %s %,.0f events/s", r, g, m));
                }
                double f = PassThroughRun.eventsPerSecond(broker, events, ++runs);
                rates.get(PassThroughRun.READER).add(f);
                log(String.format(Locale.ROOT, "round %d: %s %,.0f events/s", r, PassThroughRun.READER, f));
            }
            return new Result(rates, ThroughputTable.markdown(settings, rates));
        }
    }

    /** Events per second between the first and the last event seen. */
    static double rate(long n, long firstNanos, long lastNanos) {
        return n / Math.max(1e-9, (lastNanos - firstNanos) / 1e9);
    }

    static void log(String message) {
        System.err.println("[monitor-throughput] " + message);
    }

    /** Kafka clients and Streams log a lot at INFO; the bench wants its own lines and warnings (to stdout) only. */
    private static void quietLogging() {
        try {
            Class<?> level = Class.forName("ch.qos.logback.classic.Level");
            Object warn = level.getField("WARN").get(null);
            for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "org.apache.kafka")) {
                Object logger = org.slf4j.LoggerFactory.getLogger(name);
                logger.getClass().getMethod("setLevel", level).invoke(logger, warn);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // Another binding: leave its configuration alone.
        }
    }
}
