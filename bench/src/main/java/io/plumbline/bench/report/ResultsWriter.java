package io.plumbline.bench.report;

import io.plumbline.bench.BenchModels;
import io.plumbline.bench.load.LoadHarness;
import io.plumbline.bench.load.LoadReport;
import io.plumbline.bench.load.LoadResult;
import io.plumbline.bench.micro.MicroSuite.Score;
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
    private final long windowBytes;

    /**
     * @param load null when the load harness was skipped
     * @param windowBytes the counts array of a real 1000-bin window ({@code slots() * 8})
     */
    public ResultsWriter(String command, String date, Map<String, String> machine, List<Score> micro,
            LoadReport load, long windowBytes) {
        this.command = command;
        this.date = date;
        this.machine = machine;
        this.micro = micro;
        this.load = load;
        this.windowBytes = windowBytes;
    }

    public List<Ratio> ratios() {
        List<Ratio> r = new ArrayList<>();
        if (load != null) {
            int c = 32;
            double live = load.find(LoadHarness.LIVE, c).throughput();
            r.add(Ratio.atLeast("Demo, c=32: REST JSON infer / `GET /v2/health/live` (req/s)",
                    load.find(LoadHarness.JSON, c).throughput() / live, "x", 0.60));
            r.add(Ratio.atLeast("Demo, c=32: REST binary infer / `GET /v2/health/live` (req/s)",
                    load.find(LoadHarness.BINARY, c).throughput() / live, "x", 0.75));
            r.add(Ratio.atLeast("Demo, c=32: gRPC ModelInfer / gRPC ServerLive (req/s)",
                    load.find(LoadHarness.GRPC_INFER, c).throughput() / load.find(LoadHarness.GRPC_LIVE, c).throughput(),
                    "x", 0.75));
            LoadResult on = load.find(LoadHarness.MLP_ON, LoadHarness.MLP_CONCURRENCY);
            LoadResult off = load.find(LoadHarness.MLP_OFF, LoadHarness.MLP_CONCURRENCY);
            r.add(Ratio.atLeast("Bench MLP, c=32: batching on / off (req/s)", on.throughput() / off.throughput(),
                    "x", 3.0));
            r.add(Ratio.atMost("Bench MLP, c=32: batching on / off (p99 latency)", on.p99Micros() / off.p99Micros(),
                    "x", 2.0));
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
            r.add(Ratio.info("gRPC at c=1 as the Java client sees it: client p50 - p50 compute",
                    load.find(LoadHarness.GRPC_INFER, 1).p50Micros() - compute, "us"));
        }
        micro.stream().filter(s -> s.benchmark().equals("NumericWindowBenchmark.add")).findFirst().ifPresent(s ->
                r.add(Ratio.atLeast("Drift window: `NumericWindow.add`, 1000 bins, one thread (M values/s)",
                        s.score() / 1e6, "M values/s", 20)));
        r.add(Ratio.atMost("Drift window: memory of a 1000-bin feature (`long[B+2]` counts)", windowBytes, "bytes",
                WINDOW_BUDGET_BYTES));
        micro.stream().filter(s -> s.benchmark().equals("DriftAnalyzeBenchmark.analyze")).findFirst().ifPresent(s ->
                r.add(Ratio.atMost("Drift stats: `DriftAnalyzer.analyze`, 100 numeric features x 1000 bins", s.score(),
                        "ms", 5)));
        return r;
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
                        + "other (REST and gRPC points interleaved per concurrency).\n\n");
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
        List<Ratio> ratios = ratios();
        md.append("## Ratios and goals (issue 3, issue 5)\n\n| measured | value | goal | result |\n|---|---:|---:|---|\n");
        for (Ratio r : ratios) {
            md.append("| ").append(r.name()).append(" | ").append(r.format(r.value())).append(" | ")
                    .append(r.goalText()).append(" | ").append(r.result()).append(" |\n");
        }
        List<Ratio> misses = ratios.stream().filter(r -> r.hasGoal() && !r.pass()).toList();
        md.append("\n");
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
            md.append("\nBatching on / off is bounded by the HTTP path: with compute free it could reach at most "
                    + "the \"best on / off possible\" row above. The drift goals are single-thread JMH numbers; "
                    + "their error bars below show how much the shared machine moved them.\n\n");
        }
        if (load != null) {
            loadTables(md);
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
            double live = load.find(LoadHarness.LIVE, c).throughput();
            md.append(String.format("| %d | %.2f | %.2f | %.2f |%n", c,
                    load.find(LoadHarness.JSON, c).throughput() / live,
                    load.find(LoadHarness.BINARY, c).throughput() / live,
                    load.find(LoadHarness.GRPC_INFER, c).throughput()
                            / load.find(LoadHarness.GRPC_LIVE, c).throughput()));
        }
        md.append("\n## Every load point\n\nServer: `").append(load.serverCommand()).append("` with ")
                .append(load.workers()).append(" batcher workers per model (one per core), engine threads 1/1. ")
                .append("REST latencies are wrk's (`--latency`), gRPC's the Java client's, in-process the "
                        + "caller's; concurrency is connections, calls in flight, or threads.\n\n")
                .append("| what | concurrency | req/s | p50 us | p90 us | p99 us | requests | errors |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadResult p : load.points()) {
            md.append(String.format("| %s | %d | %.0f | %.0f | %.0f | %.0f | %d | %d |%n", p.label(), p.concurrency(),
                    p.throughput(), p.p50Micros(), p.p90Micros(), p.p99Micros(), p.requests(), p.errors()));
        }
        md.append(String.format("%nServer-side at c=1 (from `/prometheus`, the difference of two scrapes around the "
                + "point; histogram buckets are about 10-30%% wide, interpolated): REST request p50 %.0f us, gRPC "
                + "request p50 %.0f us, mean engine compute per batch %.0f us (`inference_compute_seconds` sum/count). "
                + "The p50 compute subtracted above is the in-process engine's at 1 thread, %.0f us.%n%n",
                load.restServerP50Micros(), load.grpcServerP50Micros(), load.serverComputeMeanMicros(),
                ceiling(BenchModels.DEMO, 1).p50Micros()));
        md.append("## Profile\n\n").append(load.profile()).append("\n");
    }

    private void microTable(StringBuilder md) {
        md.append("## Micro-benchmarks (JMH 1.37; 1 fork, 2 x 1 s warm-up, 5 x 1 s measurement)\n\n")
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
