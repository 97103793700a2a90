package io.plumbline.bench.monitor;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.BinaryPredictionCodec;
import io.plumbline.events.CloudEventHeaders;
import io.plumbline.events.EventFormat;
import io.plumbline.events.PredictionEvent;
import io.plumbline.events.PredictionEventCodec;
import io.plumbline.events.TensorLimits;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.events.profile.ReferenceProfileCodec;
import io.plumbline.monitor.alert.AlertPolicy;
import io.plumbline.monitor.drift.DriftAnalyzer;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.metrics.DriftGauges;
import io.plumbline.monitor.metrics.PerformanceGauges;
import io.plumbline.monitor.metrics.EventCounters;
import io.plumbline.monitor.metrics.EventOutcome;
import io.plumbline.monitor.profile.ProfileBuilder;
import io.plumbline.monitor.profile.ProfileOptions;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.driver.PerformanceThresholds;
import io.plumbline.monitor.driver.WindowResultHandler;
import io.plumbline.monitor.feedback.FeedbackCounters;
import io.plumbline.monitor.result.WindowSpec;
import io.plumbline.monitor.stream.CloudEventDecoder;
import io.plumbline.monitor.stream.MonitorTopology;
import io.plumbline.monitor.stream.StreamsSettings;
import io.plumbline.monitor.stream.Topics;
import io.plumbline.monitor.webhook.RetryPolicy;
import io.plumbline.monitor.webhook.WebhookDispatcher;
import io.plumbline.tensor.Tensor;
import io.plumbline.testing.Directories;
import io.plumbline.testing.KafkaBroker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * Monitor throughput against a plain consumer, same broker, same topic, same run (issue 6: the ratio
 * should be at least 0.5).
 *
 * <p>Starts a real single-node Kafka broker ({@link KafkaBroker}), writes {@code --events} prediction
 * events (CloudEvents binary mode, one row of {@code --features} FP32 inputs in one {@code [1, k]} tensor
 * plus a one-value output, as serving publishes them) for {@code --partitions} models, one model per
 * partition, with event times 10 ms apart per model so one-minute windows open and close along the way;
 * and a reference profile of {@code --features} numeric features on {@code --bins} bins per model. Then,
 * {@code --rounds} times, interleaved: (a) a plain {@link KafkaConsumer} reads the whole topic and
 * discards it (byte arrays, no decoding); (b) the monitor topology
 * ({@link MonitorTopology#build}, {@link CloudEventDecoder}, one stream thread, a fresh application id and
 * state directory each time) processes the whole topic under {@code exactly_once_v2}; (c) the same under
 * {@code at_least_once}. A run is timed from its first record to its last (start-up and rebalancing
 * excluded, commits included). Prints a Markdown table: median events/s of each and the ratio of the
 * monitor's median to the consumer's, each round's numbers, the machine and the date.
 *
 * <pre>{@code
 * java -cp bench/target/plumbline-bench.jar io.plumbline.bench.monitor.MonitorThroughput \
 *     [--events 200000] [--partitions 4] [--rounds 3] [--features 10] [--bins 1000] [--guarantees exactly_once_v2,at_least_once]
 *     [--format json|binary]
 * }</pre>
 */
public final class MonitorThroughput {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String PREDICTIONS = "bench.predictions";
    private static final String PROFILES = "bench.profiles";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration STALL = Duration.ofSeconds(90);

    private final int events;
    private final int partitions;
    private final int rounds;
    private final int features;
    private final int bins;
    private final List<String> guarantees;
    /** The body of the produced events, as {@code plumbline.events.format} chooses it in serving. */
    private final EventFormat format;
    private KafkaBroker broker;
    private int runs;

    private MonitorThroughput(Map<String, String> args) {
        events = Integer.parseInt(args.getOrDefault("events", "200000"));
        partitions = Integer.parseInt(args.getOrDefault("partitions", "4"));
        rounds = Integer.parseInt(args.getOrDefault("rounds", "3"));
        features = Integer.parseInt(args.getOrDefault("features", "10"));
        bins = Integer.parseInt(args.getOrDefault("bins", "1000"));
        guarantees = List.of(args.getOrDefault("guarantees", "exactly_once_v2,at_least_once").split(","));
        String f = args.getOrDefault("format", "json");
        if (!f.equals("json") && !f.equals("binary")) {
            throw new IllegalArgumentException("--format must be json or binary, not " + f);
        }
        format = EventFormat.valueOf(f.toUpperCase(Locale.ROOT));
        if (events < 1 || partitions < 1 || rounds < 1 || features < 1 || bins < 2) {
            throw new IllegalArgumentException("events, partitions, rounds, features must be >= 1, bins >= 2");
        }
    }

    public static void main(String[] argv) throws Exception {
        quietLogging();
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                System.err.println("usage: MonitorThroughput [--events N] [--partitions P] [--rounds R] [--features K]"
                        + " [--bins B] [--guarantees exactly_once_v2,at_least_once] [--format json|binary]");
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
        return new MonitorThroughput(args).run();
    }

    private Result run() throws Exception {
        log("starting a Kafka broker");
        try (KafkaBroker kafka = KafkaBroker.launch(Map.of("num.partitions", String.valueOf(partitions)))) {
            broker = kafka;
            createTopics();
            produce();
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            rates.put("plain consumer", new ArrayList<>());
            for (String g : guarantees) {
                rates.put("monitor " + g, new ArrayList<>());
            }
            // A warm-up of each, untimed, so the JIT and the broker's page cache are the same for all.
            log("warm-up");
            consume();
            for (String g : guarantees) {
                monitor(g);
            }
            for (int r = 1; r <= rounds; r++) {
                double c = consume();
                rates.get("plain consumer").add(c);
                log(String.format(Locale.ROOT, "round %d: plain consumer %,.0f events/s", r, c));
                for (String g : guarantees) {
                    double m = monitor(g);
                    rates.get("monitor " + g).add(m);
                    log(String.format(Locale.ROOT, "round %d: monitor %s %,.0f events/s", r, g, m));
                }
            }
            return new Result(rates, table(rates));
        }
    }

    private Properties admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return p;
    }

    private void createTopics() throws Exception {
        try (Admin admin = Admin.create(admin())) {
            // Event times are fixed (so every run cuts the same windows) and far enough in the past that the
            // default 7-day retention would delete the events minutes into the run: keep them forever.
            admin.createTopics(List.of(new NewTopic(PREDICTIONS, partitions, (short) 1).configs(Map.of(
                    "retention.ms", "-1", "retention.bytes", "-1")),
                    new NewTopic(PROFILES, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!admin.describeTopics(List.of(PREDICTIONS, PROFILES)).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no partition leaders after 30 s");
                }
                Thread.sleep(50);
            }
        }
    }

    private static String model(int partition) {
        return "bench" + partition;
    }

    private void produce() {
        SplittableRandom random = new SplittableRandom(42);
        ProfileBuilder b = new ProfileBuilder(ProfileOptions.defaults().withBins(bins));
        List<String> names = new ArrayList<>();
        for (int j = 0; j < features; j++) {
            names.add("f" + j);
            b.numeric("f" + j, FeatureRole.INPUT);
        }
        int referenceRows = Math.max(20_000, bins * 20);
        for (int r = 0; r < referenceRows; r++) {
            for (int j = 0; j < features; j++) {
                b.add(names.get(j), j + (1 + j % 3) * random.nextGaussian());
            }
        }
        b.addRows(referenceRows);
        ReferenceProfile profile = b.build();
        byte[] profileJson = new ReferenceProfileCodec().toJson(profile).getBytes(StandardCharsets.UTF_8);
        PredictionEventCodec codec = new PredictionEventCodec();
        BinaryPredictionCodec binary = new BinaryPredictionCodec();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        AtomicReference<Exception> failure = new AtomicReference<>();
        long bytes = 0;
        log(String.format(Locale.ROOT, "producing %,d events (%d features, %d-bin profiles) to %d partitions", events,
                features, bins, partitions));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int m = 0; m < partitions; m++) {
                producer.send(new ProducerRecord<>(PROFILES, model(m) + ":1", profileJson));
            }
            float[] values = new float[features];
            for (int i = 0; i < events; i++) {
                int partition = i % partitions;
                Instant at = T0.plusMillis(10L * (i / partitions));
                for (int j = 0; j < features; j++) {
                    values[j] = (float) (j + (1 + j % 3) * random.nextGaussian());
                }
                Tensor in = Tensor.ofFloats("features", new long[] {1, features}, values.clone());
                Tensor out = Tensor.ofFloats("probabilities", new long[] {1, 1}, new float[] {(float) random.nextDouble()});
                PredictionEvent e = PredictionEvent.of(model(partition), "1", "req-" + i, at, 1_000_000, Map.of(),
                        List.of(in), List.of(out), TensorLimits.DEFAULT);
                byte[] value = format == EventFormat.BINARY ? binary.encode(e) : codec.encode(e);
                bytes += value.length;
                RecordHeaders headers = new RecordHeaders();
                CloudEventHeaders.forPrediction(e, "/bench", format).forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(PREDICTIONS, partition, at.toEpochMilli(), model(partition), value,
                        headers), (md, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("could not produce the bench events", failure.get());
        }
        log(String.format(Locale.ROOT, "produced; %.0f bytes of " + format.configName()
                + " body per event on average", (double) bytes / events));
    }

    /** A plain consumer reads every event of the topic and drops it; events per second, first to last record. */
    private double consume() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-plain-" + (++runs));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long seen = 0;
        long first = 0;
        long last = 0;
        long sink = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(PREDICTIONS).stream()
                    .map(i -> new TopicPartition(PREDICTIONS, i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            while (seen < events) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("plain consumer read " + seen + " of " + events + " events");
                }
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                if (first == 0) {
                    first = System.nanoTime();
                }
                for (var r : records) {
                    sink += r.value().length;
                }
                seen += records.count();
                last = System.nanoTime();
            }
        }
        if (sink == 0) {
            throw new IllegalStateException("read nothing");
        }
        return rate(seen, first, last);
    }

    /** The monitor topology processes the whole topic; events per second, first to last event counted. */
    private double monitor(String guarantee) throws IOException, InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DriftGauges gauges = new DriftGauges(registry);
        EventCounters counters = new EventCounters(registry);
        Path state = Files.createTempDirectory("bench-monitor-state");
        String app = "bench-monitor-" + (++runs);
        Topics topics = new Topics(PREDICTIONS, PROFILES, app + ".drift", null);
        try (WebhookDispatcher webhooks = new WebhookDispatcher(List.of(), RetryPolicy.defaults(), registry,
                new SplittableRandom(1))) {
            MonitorCore core = new MonitorCore(new WindowSpec(Duration.ofMinutes(1), Duration.ofSeconds(30)),
                    new DriftAnalyzer(DriftSettings.defaults()), new AlertPolicy(2, Duration.ofHours(1)),
                    new WindowResultHandler(gauges, new PerformanceGauges(registry), PerformanceThresholds.none(), webhooks), counters, gauges, Duration.ofDays(7),
                    new FeedbackCounters(registry));
            StreamsSettings settings = new StreamsSettings(broker.bootstrapServers(), app, guarantee, state.toString(), 1,
                    null, Map.of());
            KafkaStreams streams = new KafkaStreams(
                    MonitorTopology.build(new StreamsBuilder(), topics, new CloudEventDecoder(), core),
                    settings.properties(topics, counters));
            AtomicReference<Throwable> failed = new AtomicReference<>();
            streams.setUncaughtExceptionHandler(e -> {
                failed.compareAndSet(null, e);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                        .SHUTDOWN_CLIENT;
            });
            long first = 0;
            long last;
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            long progress = 0;
            long progressAt = System.nanoTime();
            streams.start();
            try {
                while (true) {
                    long n = total(counters);
                    long now = System.nanoTime();
                    if (first == 0 && n > 0) {
                        first = now;
                    }
                    if (n >= events) {
                        last = now;
                        break;
                    }
                    if (failed.get() != null) {
                        throw new IllegalStateException("monitor failed", failed.get());
                    }
                    if (n != progress) {
                        progress = n;
                        progressAt = now;
                    }
                    if (now > deadline || now - progressAt > STALL.toNanos()) {
                        throw new IllegalStateException("monitor counted " + n + " of " + events + " events; "
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
            long ok = (long) counters.count(EventOutcome.OK);
            if (ok != events) {
                throw new IllegalStateException("monitor counted " + ok + " of " + events + " events as ok: "
                        + Arrays.stream(EventOutcome.values()).map(o -> o + "=" + (long) counters.count(o)).toList());
            }
            return rate(events, first, last);
        }
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

    private static double rate(long n, long firstNanos, long lastNanos) {
        return n / Math.max(1e-9, (lastNanos - firstNanos) / 1e9);
    }

    private String table(Map<String, List<Double>> rates) {
        double consumer = median(rates.get("plain consumer"));
        StringBuilder s = new StringBuilder();
        s.append("\n### Monitor throughput vs a plain consumer (same broker, same topic, same run)\n\n");
        s.append(String.format(Locale.ROOT, "%,d events (%s body, 1 row, %d FP32 features, %d-bin reference profiles), %d partitions"
                + " (one model each), 1-minute windows; monitor: 1 stream thread; %d interleaved rounds after a warm-up;"
                + " median, per-round in brackets.%n%n", events, format.configName(), features, bins, partitions, rounds));
        s.append("| reader | events/s (median) | rounds | ratio to plain consumer |\n");
        s.append("|---|---:|---|---:|\n");
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
            double m = median(e.getValue());
            String each = String.join(", ", e.getValue().stream()
                    .map(v -> String.format(Locale.ROOT, "%,.0f", v)).toList());
            s.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %.2f |%n", e.getKey(), m, each, m / consumer));
        }
        s.append(String.format(Locale.ROOT, "%nPer-round ratios (monitor ÷ consumer of the same round): %s%n",
                perRound(rates)));
        s.append(String.format(Locale.ROOT, "%nMachine: %s, %d CPUs, %s %s (%s), JDK %s, heap max %d MiB; %s%n",
                cpuModel(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        s.append("JVM args: ").append(ManagementFactory.getRuntimeMXBean().getInputArguments()).append('\n');
        return s.toString();
    }

    private String perRound(Map<String, List<Double>> rates) {
        List<Double> consumer = rates.get("plain consumer");
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
            if (e.getKey().equals("plain consumer")) {
                continue;
            }
            List<String> r = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                r.add(String.format(Locale.ROOT, "%.2f", e.getValue().get(i) / consumer.get(i)));
            }
            parts.add(e.getKey() + " " + String.join(", ", r));
        }
        return String.join("; ", parts);
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }

    private static void log(String message) {
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

    private static void deleteRecursively(Path root) {
        try {
            Directories.deleteRecursively(root);
        } catch (IOException e) {
            log("could not delete " + root + ": " + e.getMessage());
        }
    }
}
