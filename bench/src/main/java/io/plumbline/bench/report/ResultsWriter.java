package io.plumbline.bench.report;

import io.plumbline.bench.BenchModels;
import io.plumbline.bench.load.EventCounts;
import io.plumbline.bench.load.JitWarmup;
import io.plumbline.bench.load.KafkaReport;
import io.plumbline.bench.load.KafkaRun;
import io.plumbline.bench.load.LoadHarness;
import io.plumbline.bench.load.LoadReport;
import io.plumbline.bench.load.LoadResult;
import io.plumbline.bench.micro.MicroSuite;
import io.plumbline.bench.micro.MicroSuite.Score;
import io.plumbline.bench.monitor.MonitorThroughput;
import io.plumbline.bench.stage.StageTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes {@code bench/RESULTS.md} from one run's numbers: every ratio with its goal, then the tables. */
public final class ResultsWriter {
    /** Issue 5's budget for one 1000-bin feature's window. */
    private static final double WINDOW_BUDGET_BYTES = 8 * 1024;

    private final String command;
    private final String date;
    private final Map<String, String> machine;
    private final List<Score> micro;
    private final LoadReport load;
    private final Footprint footprint;
    private final Map<String, MonitorThroughput.Result> monitor;
    private final StageTimes times;

    /**
     * @param load null when the load harness was skipped
     * @param footprint heap per drift window and per join-store entry, measured
     * @param monitor the monitor-throughput stage by event format ({@code json}, {@code binary}); empty when skipped
     * @param times each stage's wall-clock time, and the run's so far
     */
    public ResultsWriter(String command, String date, Map<String, String> machine, List<Score> micro,
            LoadReport load, Footprint footprint, Map<String, MonitorThroughput.Result> monitor, StageTimes times) {
        this.command = command;
        this.date = date;
        this.machine = machine;
        this.micro = micro;
        this.load = load;
        this.footprint = footprint;
        this.monitor = monitor;
        this.times = times;
    }

    public List<Ratio> ratios() {
        List<Ratio> r = new ArrayList<>();
        if (load != null && load.hasServerPoints()) {
            int c = 32;
            String rounds = ", median of " + LoadHarness.ROUNDS + " interleaved rounds)";
            r.add(Ratio.atLeast("Demo, c=32: REST JSON infer / `GET /v2/health/live` (req/s" + rounds,
                    rounds(LoadHarness.JSON, LoadHarness.LIVE, c, LoadResult::throughput), 0.70));
            r.add(Ratio.atLeast("Demo, c=32: REST JSON infer / raw Netty floor (req/s" + rounds,
                    rounds(LoadHarness.JSON, LoadHarness.RAW, c, LoadResult::throughput), 0.75));
            r.add(Ratio.info("Demo, c=32: `GET /v2/health/live` / raw Netty floor (req/s" + rounds,
                    rounds(LoadHarness.LIVE, LoadHarness.RAW, c, LoadResult::throughput)));
            r.add(Ratio.info("Demo, c=32: REST JSON infer, direct route / Micronaut's route (a second server with "
                    + "`plumbline.http.direct-infer=false`; req/s" + rounds,
                    rounds(LoadHarness.JSON, LoadHarness.JSON_MICRONAUT, c, LoadResult::throughput)));
            r.add(Ratio.atLeast("Demo, c=32: REST binary infer / `GET /v2/health/live` (req/s" + rounds,
                    rounds(LoadHarness.BINARY, LoadHarness.LIVE, c, LoadResult::throughput), 0.75));
            r.add(Ratio.atLeast("Demo, c=32: gRPC ModelInfer / gRPC ServerLive (req/s" + rounds,
                    rounds(LoadHarness.GRPC_INFER, LoadHarness.GRPC_LIVE, c, LoadResult::throughput), 0.75));
            r.add(Ratio.atLeast("Demo, c=32: gRPC ModelInfer / gRPC ServerLive, driven by h2load (one connection, 32 "
                    + "streams; req/s" + rounds, rounds(LoadHarness.H2_INFER, LoadHarness.H2_LIVE, c,
                    LoadResult::throughput), 0.80));
            r.addAll(new ServerCpuSection(load.serverCpu()).ratios());
            int m = LoadHarness.MLP_CONCURRENCY;
            r.add(Ratio.atLeast("Bench MLP, c=32: batching on / off (req/s" + rounds,
                    rounds(LoadHarness.MLP_ON, LoadHarness.MLP_OFF, m, LoadResult::throughput), 3.0));
            r.add(Ratio.atMost("Bench MLP, c=32: batching on / off (p99 latency" + rounds,
                    rounds(LoadHarness.MLP_ON, LoadHarness.MLP_OFF, m, LoadResult::p99Micros), 2.0));
            LoadResult on = load.find(LoadHarness.MLP_ON, LoadHarness.MLP_CONCURRENCY);
            LoadResult off = load.find(LoadHarness.MLP_OFF, LoadHarness.MLP_CONCURRENCY);
            double compute = ceiling(BenchModels.DEMO, 1).p50Micros();
            r.add(Ratio.atMost("REST server overhead at c=1: server p50 request - p50 compute", 
                    load.restServerP50Micros() - compute, "us", 150));
            r.add(Ratio.atMost("gRPC server overhead at c=1: server p50 request - p50 compute",
                    load.grpcServerP50Micros() - compute, "us", 100));
            LoadResult demoCeiling = ceiling(BenchModels.DEMO, load.workers());
            LoadResult mlpCeiling = ceiling(BenchModels.MLP, load.workers());
            r.add(Ratio.info("Demo, c=32: REST JSON / in-process engine (" + load.workers() + " threads)",
                    load.find(LoadHarness.JSON, c).throughput() / demoCeiling.throughput(), "x"));
            r.add(Ratio.info("Demo, c=32: REST binary / in-process engine (" + load.workers() + " threads)",
                    load.find(LoadHarness.BINARY, c).throughput() / demoCeiling.throughput(), "x"));
            r.add(Ratio.info("Demo, c=32: gRPC infer / in-process engine (" + load.workers() + " threads)",
                    load.find(LoadHarness.GRPC_INFER, c).throughput() / demoCeiling.throughput(), "x"));
            r.add(Ratio.info("Bench MLP, c=32: batching off / in-process engine (" + load.workers() + " threads)",
                    off.throughput() / mlpCeiling.throughput(), "x"));
            r.add(Ratio.info("Bench MLP, c=32: batching on / in-process engine (" + load.workers() + " threads)",
                    on.throughput() / mlpCeiling.throughput(), "x"));
            r.add(Ratio.info("Bench MLP, c=32: best on / off possible if batched compute were free "
                    + "(demo REST binary / MLP off)", load.find(LoadHarness.BINARY, c).throughput() / off.throughput(),
                    "x"));
            r.add(Ratio.info("REST at c=1 as wrk sees it: client p50 - p50 compute",
                    load.find(LoadHarness.JSON, 1).p50Micros() - compute, "us"));
            LoadResult json1 = load.find(LoadHarness.JSON, 1);
            LoadResult raw1 = load.find(LoadHarness.RAW, 1);
            r.add(Ratio.atMost("REST JSON at c=1: (client p50 - p50 compute) - raw Netty floor p50",
                    json1.valid() && raw1.valid() ? json1.p50Micros() - compute - raw1.p50Micros() : Double.NaN,
                    "us", 30));
            r.add(Ratio.info("gRPC at c=1 as the Java client sees it: client p50 - p50 compute",
                    load.find(LoadHarness.GRPC_INFER, 1).p50Micros() - compute, "us"));
        }
        KafkaReport k = load == null ? null : load.kafka();
        if (k != null) {
            String runs = "median of " + LoadHarness.KAFKA_ROUNDS + " interleaved runs each";
            r.add(Ratio.atLeast("Demo, c=" + LoadHarness.KAFKA_CONCURRENCY + ": REST JSON infer, Kafka event sink "
                    + "(json events) / sink `none` (req/s, " + runs + "; median of the per-round ratios)",
                    RoundRatio.of(k.kafka().stream().map(KafkaRun::result).toList(),
                            k.none().stream().map(KafkaRun::result).toList(), LoadResult::throughput), 0.90));
            r.add(Ratio.atLeast("Demo, c=" + LoadHarness.KAFKA_CONCURRENCY + ": REST JSON infer, Kafka event sink "
                    + "(binary events) / sink `none` (req/s, " + runs + "; median of the per-round ratios)",
                    RoundRatio.of(k.binary().stream().map(KafkaRun::result).toList(),
                            k.none().stream().map(KafkaRun::result).toList(), LoadResult::throughput), 0.90));
            for (var t : k.topics()) {
                r.add(Ratio.atMost("Kafka event sink (" + t.format() + " events): predictions answered to wrk since "
                        + "the sink was ready but missing from `" + t.topic() + "` (read to its end offsets, "
                        + "read_committed; " + String.format("%,d answered, %,d records", t.answered(), t.records())
                        + ")", t.lost(), "events", 0));
            }
            r.add(Ratio.info("Demo, c=" + LoadHarness.KAFKA_CONCURRENCY + ": REST JSON infer, Kafka event sink (json events) / "
                    + "sink `none` (p99 latency, " + runs + ")",
                    k.kafkaMedian().p99Micros() / k.noneMedian().p99Micros(), "x"));
            r.add(Ratio.info("Demo, c=" + LoadHarness.KAFKA_CONCURRENCY + ": server CPU per request, Kafka event sink (json events) / "
                    + "sink `none` (" + runs + "; the broker's CPU not included)",
                    KafkaReport.median(k.kafka(), KafkaRun::serverCpuMicrosPerRequest)
                            / KafkaReport.median(k.none(), KafkaRun::serverCpuMicrosPerRequest), "x"));
            r.add(Ratio.atMost("Kafka event sink, c=" + LoadHarness.KAFKA_CONCURRENCY + ": events lost (dropped + "
                    + "failed + unaccounted) in the measured runs; the ratio above counts only with none lost",
                    k.lost(), "events", 0));
        }
        if (load != null && load.tracing() != null) {
            r.addAll(new TracingSection(load.tracing(), micro).ratios());
        }
        monitor.forEach((format, m) -> r.addAll(new MonitorSection(format, m).ratios()));
        if (load != null && load.startup() != null) {
            r.addAll(new StartupSection(load.startup()).ratios());
        }
        micro.stream().filter(s -> s.benchmark().equals("NumericWindowBenchmark.add")).findFirst().ifPresent(s ->
                r.add(Ratio.atLeast("Drift window: `NumericWindow.add`, 1000 bins, one thread (M values/s)",
                        s.score() / 1e6, "M values/s", 20)));
        r.add(Ratio.atMost("Drift window: heap per 1000-bin feature window, measured (heap used after GC, "
                + "10,000 windows on one shared profile, `MemoryMXBean`)", footprint.windowBytes(), "bytes",
                WINDOW_BUDGET_BYTES));
        r.add(Ratio.info(String.format("Embedded monitor: heap per prediction kept for its ground truth (join store "
                + "of %,d entries: key `weather` + a UUID request id, the demo prediction's %d-byte value; heap used "
                + "after GC)", footprint.joinEntries(), footprint.joinValueBytes()), footprint.joinEntryBytes(),
                "bytes"));
        micro.stream().filter(s -> s.benchmark().equals("DriftAnalyzeBenchmark.analyze")).findFirst().ifPresent(s ->
                r.add(Ratio.atMost("Drift stats: `DriftAnalyzer.analyze`, 100 numeric features x 1000 bins", s.score(),
                        "ms", 5)));
        micro.stream().filter(s -> s.benchmark().equals("HtmlReportBenchmark.build")).findFirst().ifPresent(s ->
                r.add(Ratio.info("HTML drift report: count, analyse and render " + s.param("features") + " features x "
                        + s.param("rows") + " rows (`HtmlReportBenchmark.build`, after parsing)", s.score() / 1000, "s")));
        return r;
    }

    private RoundRatio rounds(String a, String b, int c, java.util.function.ToDoubleFunction<LoadResult> metric) {
        return RoundRatio.of(load.rounds(a, c), load.rounds(b, c), metric);
    }

    private LoadResult ceiling(String model, int threads) {
        return load.find(LoadHarness.CEILING + model, threads);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("# Plumbline benchmark results\n\n");
        md.append("Generated by the bench harness (`bench/`, see bench/README.md); do not edit by hand.\n\n")
                .append("- Command: `").append(command).append("`\n")
                .append("- Date: ").append(date).append("\n")
                .append("- Every ratio's two sides were measured in this one run, on this machine, one after the "
                        + "other (REST and gRPC points interleaved per concurrency; Kafka event sink and sink "
                        + "`none` in interleaved rounds).\n\n");
        md.append("## Machine\n\n| | |\n|---|---|\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("""

                **Caveats.** The machine has 2 cores, shared with other tenants (noisy). The server, the load \
                generator (`wrk`, or the gRPC client in the harness JVM) and the kernel's loopback all share \
                those 2 cores; nothing is pinned (no spare cores to pin to). So every absolute number here is \
                low and noisy, and the ratios, whose two sides suffer the same contention, are what to read. \
                The in-process engine ceiling ran in the harness JVM before the server started, with as many \
                threads as the server has batcher workers per model.

                """);
        new RunTimeSection(times).markdown(md);
        List<Ratio> ratios = ratios();
        md.append("## Ratios and goals (issues 3, 4, 5, 16, 17)\n\n| measured | value | rounds: min–max | goal | result |\n"
                + "|---|---:|---|---:|---|\n");
        for (Ratio r : ratios) {
            md.append("| ").append(r.name()).append(" | ").append(r.format(r.value())).append(" | ")
                    .append(r.spread().isEmpty() ? "-" : r.spread()).append(" | ")
                    .append(r.goalText()).append(" | ").append(r.result()).append(" |\n");
        }
        List<Ratio> misses = ratios.stream().filter(r -> r.hasGoal() && !r.pass()).toList();
        md.append("\n");
        if (load != null && load.kafka() != null) {
            kafkaSummary(md, load.kafka());
        }
        if (misses.isEmpty()) {
            md.append("Every goal measured in this run is met.\n\n");
        } else {
            md.append("Misses, by how much:\n\n");
            misses.forEach(r -> md.append("- ").append(r.name()).append(": ").append(r.format(r.value()))
                    .append(", ").append(r.shortfall()).append(".\n"));
            if (load != null && !load.profileAreas().isEmpty()) {
                md.append("\nWhere the server's CPU time goes at c=32 (REST JSON, JFR, self time by area): ")
                        .append(load.profileAreas()).append(". Tables under \"Profile\" below.\n");
            }
            md.append(load != null && load.hasServerPoints()
                    ? "\nBatching on / off is bounded by the HTTP path: with compute free it could reach at most "
                            + "the \"best on / off possible\" row above. "
                    : "\n");
            md.append("The drift goals are single-thread JMH numbers; their error bars below show how much the "
                    + "shared machine moved them.\n\n");
        }
        if (load != null && load.hasServerPoints()) {
            loadTables(md);
            ServerCpuSection cpu = new ServerCpuSection(load.serverCpu());
            if (!cpu.isEmpty()) {
                cpu.markdown(md);
            }
        }
        if (load != null && load.kafka() != null) {
            kafkaTables(md, load.kafka());
        }
        if (load != null && load.tracing() != null) {
            new TracingSection(load.tracing(), micro).markdown(md);
        }
        monitor.forEach((format, m) -> new MonitorSection(format, m).markdown(md));
        if (load != null && load.startup() != null) {
            new StartupSection(load.startup()).markdown(md);
        }
        if (!micro.isEmpty()) {
            microTable(md);
        }
        return md.toString();
    }

    private void loadTables(StringBuilder md) {
        md.append("## Ratio by concurrency (demo model)\n\n")
                .append("| concurrency | REST JSON / live | REST binary / live | gRPC infer / gRPC live |\n")
                .append("|---:|---:|---:|---:|\n");
        for (int c : LoadHarness.CONCURRENCY) {
            md.append(String.format("| %d | %s | %s | %s |%n", c,
                    cell(rounds(LoadHarness.JSON, LoadHarness.LIVE, c, LoadResult::throughput)),
                    cell(rounds(LoadHarness.BINARY, LoadHarness.LIVE, c, LoadResult::throughput)),
                    cell(rounds(LoadHarness.GRPC_INFER, LoadHarness.GRPC_LIVE, c, LoadResult::throughput))));
        }
        md.append("\nAt c=").append(LoadHarness.ROUND_CONCURRENCY).append(" each cell is the median of ")
                .append(LoadHarness.ROUNDS).append(" interleaved rounds (min–max in brackets); elsewhere one round. "
                        + "A round where either side had any error is invalid and not counted.\n");
        md.append("\n## Every load point\n\nServer: `").append(load.serverCommand()).append("` with ")
                .append(load.workers()).append(" batcher workers per model (one per core), engine threads 1/1. ")
                .append("REST latencies are wrk's (`--latency`), gRPC's the Java client's, in-process the "
                        + "caller's; concurrency is connections, calls in flight, or threads. ")
                .append(JitWarmup.describe(load.warmups())).append("\n\n")
                .append("| what | concurrency | req/s | p50 us | p90 us | p99 us | requests | errors |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadResult p : load.points()) {
            md.append(String.format("| %s | %d | %.0f | %.0f | %.0f | %.0f | %d | %s |%n", p.label(), p.concurrency(),
                    p.throughput(), p.p50Micros(), p.p90Micros(), p.p99Micros(), p.requests(), errors(p)));
        }
        md.append(String.format("%nServer-side at c=1 (from `/prometheus`, the difference of two scrapes around the "
                + "point; histogram buckets are about 10-30%% wide, interpolated): REST request p50 %.0f us, gRPC "
                + "request p50 %.0f us, mean engine compute per batch %.0f us (`inference_compute_seconds` sum/count). "
                + "The p50 compute subtracted above is the in-process engine's at 1 thread, %.0f us.%n%n",
                load.restServerP50Micros(), load.grpcServerP50Micros(), load.serverComputeMeanMicros(),
                ceiling(BenchModels.DEMO, 1).p50Micros()));
        md.append("## Profile\n\n").append(load.profile()).append("\n");
    }

    /** Under the ratio table: what the Kafka ratio's server did with its events, so drops cannot hide. */
    private static void kafkaSummary(StringBuilder md, KafkaReport k) {
        EventCounts m = k.measured();
        md.append(String.format("Kafka event sink (issue 4): in its %d measured runs the Kafka server answered %,d "
                + "predictions, each offering one event; `prediction_events_total` over those runs: **sent %,d, "
                + "dropped %,d, failed %,d**%s. The server with sink `none` counted %,d events. "
                + "Details under \"Kafka event sink\" below.%n%n",
                k.kafka().size(), m.predictions(), m.sent(), m.dropped(), m.failed(),
                k.unsettled() == 0 ? " (every event accounted for)"
                        : String.format(", %,d not accounted for when the stage stopped waiting", k.unsettled()),
                k.noneLife().outcomes()));
    }

    private static void kafkaTables(StringBuilder md, KafkaReport k) {
        md.append("## Kafka event sink (issue 4)\n\n")
                .append("Broker: ").append(k.broker()).append(", started by the harness. Three servers (the third, "
                        + "like the Kafka one but with `PLUMBLINE_EVENTS_FORMAT=binary` and its own topic, is "
                        + "described in bench/README.md), `")
                .append(k.serverCommand()).append("` on the same repository, up side by side for the whole stage "
                        + "(the idle one and the broker stay up while the other is measured): one with "
                        + "`PLUMBLINE_EVENTS_SINK=none` (no event is built), one with "
                        + "`PLUMBLINE_EVENTS_KAFKA_BOOTSTRAP_SERVERS` set to the broker (CloudEvents to "
                        + "`plumbline.predictions.json`, acks=all, idempotence, lz4, sink defaults otherwise). ")
                .append(String.format("REST JSON infer on the demo model with wrk at c=%d; %d rounds, the order "
                        + "alternating (none then Kafka, Kafka then none, ...), each run a warm-up then the measured "
                        + "seconds, the same for both; each column's median is compared.%n%n",
                        LoadHarness.KAFKA_CONCURRENCY, LoadHarness.KAFKA_ROUNDS))
                .append(String.format("Before measuring, the Kafka server was sent one prediction at a time until "
                        + "`prediction_events_total{outcome=\"sent\"}` grew: %.1f s after its first prediction; the "
                        + "%,d events dropped until then (topics being created, by design) are outside the measured "
                        + "counts. %s Around each "
                        + "measured Kafka run the harness waited until every answered prediction's event had an "
                        + "outcome. The stage took %.0f s.%n%n",
                        k.readySeconds(), k.droppedBeforeReady(), JitWarmup.describe(k.warmups()), k.stageSeconds()))
                .append("**The broker runs on the same cores** as the server and wrk (it would not in production), "
                        + "so its CPU is charged to the Kafka side: the CPU columns show how much. They are CPU "
                        + "seconds per second of the measured window (`ProcessHandle` total CPU time), and the "
                        + "server's CPU per answered request.\n\n")
                .append("| run | sink | req/s | p50 us | p90 us | p99 us | requests | errors | server CPU (cores) "
                        + "| server CPU us/request | broker CPU (cores) |\n")
                .append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        int i = 0;
        for (KafkaRun run : k.runs()) {
            LoadResult p = run.result();
            md.append(String.format("| %d | %s | %.0f | %.0f | %.0f | %.0f | %d | %s | %.2f | %.1f | %.2f |%n", ++i,
                    sink(p.label()), p.throughput(), p.p50Micros(), p.p90Micros(), p.p99Micros(), p.requests(),
                    errors(p), run.serverCores(), run.serverCpuMicrosPerRequest(), run.brokerCores()));
        }
        medianRow(md, k.none(), k.noneMedian());
        medianRow(md, k.kafka(), k.kafkaMedian());
        medianRow(md, k.binary(), KafkaReport.median(KafkaReport.BINARY, k.binary()));
        EventCounts m = k.measured();
        EventCounts life = k.kafkaLife();
        EventCounts none = k.noneLife();
        md.append("\nEvents (`prediction_events_total` by outcome; predictions: `inference_requests_seconds_count`, "
                + "outcome ok, each offering one event unless the sink is `none`):\n\n")
                .append("| | predictions | sent | dropped | failed |\n|---|---:|---:|---:|---:|\n")
                .append(String.format("| Kafka server, its %d measured runs | %,d | %,d | %,d | %,d |%n",
                        k.kafka().size(), m.predictions(), m.sent(), m.dropped(), m.failed()))
                .append(String.format("| Kafka server, whole life (readiness probe and warm-ups included) | %,d | %,d "
                        + "| %,d | %,d |%n", life.predictions(), life.sent(), life.dropped(), life.failed()))
                .append(String.format("| server with sink `none`, whole life | %,d | %,d | %,d | %,d |%n%n",
                        none.predictions(), none.sent(), none.dropped(), none.failed()));
    }

    private static void medianRow(StringBuilder md, List<KafkaRun> runs, LoadResult p) {
        md.append(String.format("| median | %s | %.0f | %.0f | %.0f | %.0f | %d (sum) | %d (sum) | %.2f | %.1f | %.2f |%n",
                sink(p.label()), p.throughput(), p.p50Micros(), p.p90Micros(), p.p99Micros(), p.requests(), p.errors(),
                KafkaReport.median(runs, KafkaRun::serverCores),
                KafkaReport.median(runs, KafkaRun::serverCpuMicrosPerRequest),
                KafkaReport.median(runs, KafkaRun::brokerCores)));
    }

    /** A point's error count, flagged when it makes the point invalid. */
    static String errors(LoadResult p) {
        return p.valid() ? String.valueOf(p.errors()) : p.errors() + " **INVALID**";
    }

    private static String cell(RoundRatio r) {
        if (r.counted() == 0) {
            return "invalid";
        }
        return r.rounds() == 1 ? String.format("%.2f", r.median())
                : String.format("%.2f (%.2f–%.2f)", r.median(), r.min(), r.max());
    }

    private static String sink(String label) {
        if (label.startsWith(KafkaReport.BINARY)) {
            return "Kafka (binary)";
        }
        return label.startsWith(KafkaReport.KAFKA) ? "Kafka (json)" : "`none`";
    }

    private void microTable(StringBuilder md) {
        md.append("## Micro-benchmarks (JMH 1.37; ").append(MicroSuite.settings()).append(")\n\n")
                .append("| benchmark | params | score | error (99.9%) | unit | derived |\n")
                .append("|---|---|---:|---:|---|---|\n");
        for (Score s : micro) {
            String params = s.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "));
            md.append(String.format("| %s | %s | %s | %s | %s | %s |%n", s.benchmark(), params, number(s.score()),
                    number(s.error()), s.unit(), derived(s)));
        }
        md.append("\nBatcher: `oneAtATime` waits for each result (no batching possible); `burst32` submits 32 one-row "
                + "requests, then waits (ops/s there are requests/s). ONNX Runtime: one caller thread, engine "
                + "threads 1/1.\n");
    }

    private static String derived(Score s) {
        if (!s.unit().equals("ops/s") || s.score() <= 0) {
            return "";
        }
        String perOp = String.format("%.2f us/op", 1e6 / s.score());
        if (s.param("batch") != null) {
            return perOp + ", " + number(s.score() * Integer.parseInt(s.param("batch"))) + " rows/s";
        }
        if (s.benchmark().startsWith("NumericWindow")) {
            return String.format("%.2f ns/value", 1e9 / s.score());
        }
        return perOp;
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 100 ? String.format("%,.0f", v) : String.format("%.3g", v);
    }
}
