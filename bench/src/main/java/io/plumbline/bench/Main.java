package io.plumbline.bench;

import io.plumbline.bench.load.LoadHarness;
import io.plumbline.bench.load.LoadReport;
import io.plumbline.bench.micro.MicroSuite;
import io.plumbline.bench.micro.MicroSuite.Score;
import io.plumbline.bench.monitor.MonitorThroughput;
import io.plumbline.bench.report.Footprint;
import io.plumbline.bench.report.Machine;
import io.plumbline.bench.report.Ratio;
import io.plumbline.bench.report.ResultsWriter;
import io.plumbline.bench.stage.StageTimes;
import io.plumbline.monitor.profile.ProfileBuilder;
import io.plumbline.monitor.profile.ProfileOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The one command: {@code java -jar bench/target/plumbline-bench.jar [options]} from the repository
 * root runs the JMH suite, then the load harness, and writes {@code bench/RESULTS.md}.
 * {@code java -jar plumbline-bench.jar jmh [JMH options]} is plain JMH.
 */
public final class Main {
    private static final String USAGE = """
            usage: java -jar bench/target/plumbline-bench.jar [options]     (from the repository root)
                   java -jar bench/target/plumbline-bench.jar jmh [JMH options]
              --seconds N       measured seconds per load point (default 3)
              --warmup N        warm-up seconds before each load point (default 1)
              --include REGEX   JMH benchmarks to run (default: all in io.plumbline.bench.micro)
              --skip-jmh        load harness only
              --skip-load       JMH only
              --skip-kafka      no Kafka-sink stage (Kafka broker, sink none vs Kafka)
              --kafka-only      only the Kafka-sink stage (no JMH, no other load points)
              --skip-startup    no start-up stage (time to ready and idle RSS, plain jar vs class-data archive)
              --startup-only    only the start-up stage (no JMH, no other load points)
              --skip-tracing    no tracing stage (REST JSON, tracing off vs on at 100 %)
              --tracing-only    only the tracing stage (and its JMH off-path benchmark, TracingOffBenchmark)
              --skip-monitor    no monitor-throughput stage (its own Kafka broker; monitor vs plain consumer)
              --monitor-only    only the monitor-throughput stage
              --monitor-events N  events the monitor stage writes and reads, per event format (default 100000)
              --no-profile      no JFR recording of the c=32 REST JSON point
              --out FILE        where to write the results (default bench/RESULTS.md)
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // 3 + 1 s per point (was 6 + 2) keeps the whole run under 15 minutes on 2 cores; see bench/README.md.
        int seconds = 3;
        int warmup = 1;
        String include = "io\\.plumbline\\.bench\\.micro\\..*";
        boolean jmh = true;
        boolean load = true;
        boolean profile = true;
        boolean server = true;
        boolean kafka = true;
        boolean startup = true;
        boolean monitor = true;
        boolean tracing = true;
        int monitorEvents = 100_000;
        Path out = Path.of("bench", "RESULTS.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--include" -> include = args[++i];
                case "--skip-jmh" -> jmh = false;
                case "--skip-load" -> {
                    load = false;
                    monitor = false;
                }
                case "--no-profile" -> profile = false;
                case "--skip-kafka" -> kafka = false;
                case "--kafka-only" -> {
                    jmh = false;
                    server = false;
                    kafka = true;
                    startup = false;
                    monitor = false;
                    tracing = false;
                }
                case "--skip-startup" -> startup = false;
                case "--skip-monitor" -> monitor = false;
                case "--skip-tracing" -> tracing = false;
                case "--tracing-only" -> {
                    // The off-path cost row needs TracingOffBenchmark from the same run.
                    include = "io\\.plumbline\\.bench\\.micro\\.TracingOffBenchmark\\..*";
                    server = false;
                    kafka = false;
                    startup = false;
                    monitor = false;
                    tracing = true;
                }
                case "--monitor-events" -> monitorEvents = Integer.parseInt(args[++i]);
                case "--monitor-only" -> {
                    jmh = false;
                    server = false;
                    kafka = false;
                    startup = false;
                    monitor = true;
                    tracing = false;
                }
                case "--startup-only" -> {
                    jmh = false;
                    server = false;
                    kafka = false;
                    startup = true;
                    monitor = false;
                    tracing = false;
                }
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.print("unknown option " + args[i] + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        StageTimes times = new StageTimes(System::nanoTime, System.out);
        Path demo = BenchModels.demoRepository();
        String wrk = "wrk";
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Map<String, String> machine = Machine.describe(wrk);

        // A private copy of the server jar: a concurrent build may rewrite serving/target while we run.
        Path work = Files.createTempDirectory("plumbline-bench");
        Path servingJar = work.resolve("plumbline-serving.jar");
        load = load && (server || kafka || startup || tracing);
        if (load) {
            Files.copy(Path.of("serving", "target", "plumbline-serving.jar"), servingJar);
        }

        List<Score> scores = new ArrayList<>();
        if (jmh) {
            System.out.println("== JMH micro-benchmarks");
            String benchmarks = include;
            scores = times.time("JMH micro-benchmarks", () -> MicroSuite.run(benchmarks,
                    List.of("-Xmx1g", "-Dai.djl.offline=true", "-Dplumbline.models=" + demo)));
        }
        LoadReport report = null;
        if (load) {
            System.out.println("== load harness");
            LoadHarness.Options options = new LoadHarness.Options(servingJar, demo, work, wrk, seconds, warmup,
                    profile, server, kafka, startup, tracing);
            report = new LoadHarness(options, System.out, times).run();
            System.out.println("  work directory (server log, JFR file): " + work);
        }
        Map<String, MonitorThroughput.Result> monitorResults = new java.util.LinkedHashMap<>();
        if (monitor) {
            // Per event body: 3 rounds of a plain consumer and both guarantees after a warm-up (the monitor's over 3
            // runs), its own broker; about 50 s each at the default 100,000 events. Fewer leave the stream threads' start-up inside
            // the timed part: at 10,000 events the monitor measured 0.03 of the consumer, at 100,000 0.38-0.49.
            for (String format : List.of("json", "binary")) {
                System.out.println("== monitor throughput vs a plain consumer, " + format + " events (its own broker)");
                Map<String, String> settings = Map.of("events", String.valueOf(monitorEvents), "partitions", "4",
                        "rounds", "3", "format", format);
                monitorResults.put(format, times.time("Monitor throughput, " + format + " events",
                        () -> MonitorThroughput.measure(settings)));
            }
        }
        machine.put("Load average at end", Machine.loadAverage());
        String command = System.getenv().getOrDefault("BENCH_COMMAND",
                ("java -jar bench/target/plumbline-bench.jar " + String.join(" ", args)).trim());
        double windowBytes = times.time("Window memory", Main::windowBytes);
        double joinEntryBytes = times.time("Join store memory", () -> HeapFootprint.bytesPerJoinEntry(JOIN_ENTRIES));
        Footprint footprint = new Footprint(windowBytes, joinEntryBytes, JOIN_ENTRIES,
                HeapFootprint.DEMO_JOIN_VALUE_BYTES);
        ResultsWriter writer = new ResultsWriter(command, date, machine, scores, report, footprint, monitorResults,
                times);
        Files.writeString(out, writer.markdown());
        System.out.println("== ratios");
        for (Ratio r : writer.ratios()) {
            System.out.printf("  %-90s %14s  %-10s %s%n", r.name(), r.format(r.value()), r.goalText(), r.result());
        }
        System.out.println("wrote " + out.toAbsolutePath() + " (run time " + StageTimes.format(times.total()) + ")");
    }

    /** Entries the join-store measurement holds: a fifth of the default capacity, within the bench's heap. */
    private static final int JOIN_ENTRIES = 200_000;

    /** How many windows {@link #windowBytes()} creates: enough that GC noise is a few bytes per window. */
    private static final int WINDOWS = 10_000;

    /** Bytes of heap per real 1000-bin window, measured over {@value #WINDOWS} windows ({@link HeapFootprint}). */
    private static double windowBytes() {
        Random random = new Random(8);
        double[] values = new double[20_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        var profile = ProfileBuilder.ofValues("x", values, ProfileOptions.defaults().withBins(1000));
        return HeapFootprint.bytesPerWindow(profile.features().get(0).numeric(), WINDOWS);
    }
}
