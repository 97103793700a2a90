package io.plumbline.bench.report;

import io.plumbline.bench.load.JitWarmup;
import io.plumbline.bench.load.LoadResult;
import io.plumbline.bench.load.TracingReport;
import io.plumbline.bench.micro.MicroSuite.Score;
import java.util.List;
import java.util.Optional;

/**
 * The tracing stage in {@code RESULTS.md}: on / off and the A/A control (off B / off) as ratio rows, what
 * tracing off costs a request (the JMH off path against the stage's own tracing-off rounds), every run in
 * a table.
 */
final class TracingSection {
    static final String OFF_PATH_REST = "TracingOffBenchmark.rest";
    static final String OFF_PATH_GRPC = "TracingOffBenchmark.grpc";
    /** Issue 17: tracing off costs nothing measurable. */
    private static final double OFF_GOAL = 0.98;

    private final TracingReport t;
    private final Optional<Score> rest;
    private final Optional<Score> grpc;

    TracingSection(TracingReport t, List<Score> micro) {
        this.t = t;
        this.rest = micro.stream().filter(s -> s.benchmark().equals(OFF_PATH_REST)).findFirst();
        this.grpc = micro.stream().filter(s -> s.benchmark().equals(OFF_PATH_GRPC)).findFirst();
    }

    List<Ratio> ratios() {
        String rounds = "median of the per-round ratios)";
        String offName = "Demo, c=32: tracing off, REST JSON infer: request time / (request time + off-path cost) "
                + "(request time 1 / req/s of each tracing-off round; cost `" + OFF_PATH_REST + "`, JMH; " + rounds;
        Ratio off = rest.map(cost -> Ratio.atLeast(offName, RoundRatio.each(t.off(), LoadResult::valid,
                        r -> perRequestNanos(r) / (perRequestNanos(r) + cost.score())), OFF_GOAL))
                .orElse(new Ratio(offName, Double.NaN, "x", OFF_GOAL, true, "JMH `" + OFF_PATH_REST + "` not run"));
        return List.of(
                Ratio.info("Demo, c=32: REST JSON infer, tracing on (100 % sampled, OTLP/HTTP) / tracing off (req/s, "
                        + rounds, RoundRatio.of(t.on(), t.off(), LoadResult::throughput)),
                Ratio.info("Demo, c=32: REST JSON infer, tracing on / off (p99 latency, " + rounds,
                        RoundRatio.of(t.on(), t.off(), LoadResult::p99Micros)),
                Ratio.info("Demo, c=32: REST JSON infer, A/A control: tracing off (second server) / tracing off "
                        + "(req/s, " + rounds + "; the noise floor of a same-run ratio here",
                        RoundRatio.of(t.offB(), t.off(), LoadResult::throughput)),
                Ratio.info("Demo, c=32: REST JSON infer, A/A control: tracing off (second server) / tracing off "
                        + "(p99 latency, " + rounds, RoundRatio.of(t.offB(), t.off(), LoadResult::p99Micros)),
                off,
                Ratio.info("Tracing off: off-path cost per REST infer request (`" + OFF_PATH_REST + "`, JMH)",
                        rest.map(Score::score).orElse(Double.NaN), "ns"),
                Ratio.info("Tracing off: off-path cost per gRPC ModelInfer call (`" + OFF_PATH_GRPC + "`, JMH)",
                        grpc.map(Score::score).orElse(Double.NaN), "ns"));
    }

    /** Wall time per answered request of one run, the whole machine's: 1 / throughput. */
    private static double perRequestNanos(LoadResult r) {
        return 1e9 / r.throughput();
    }

    void markdown(StringBuilder md) {
        md.append("## Tracing on vs off (demo model, REST JSON, c=32)\n\n")
                .append("Three servers, `").append(t.serverCommand()).append("`, up side by side, event sink `none`: "
                        + "two with no `OTEL_*` variable (tracing off, the default; the second is an A/A control), "
                        + "one with `")
                .append(t.onEnvironment()).append("` (the endpoint a stand-in collector in the harness, a JDK "
                        + "`HttpServer` answering 200 to `POST /v1/traces` and counting). Rounds alternate "
                        + "(off, off B, on; on, off B, off; ...). ")
                .append(JitWarmup.describe(t.warmups())).append(' ')
                .append(String.format("The collector received %,d export requests, %,d bytes; it runs in the "
                        + "harness JVM on the same 2 cores, so reading those bytes is charged to the \"on\" side here, "
                        + "as the broker is to the Kafka side above.%n%n", t.exportPosts(), t.exportBytes()))
                .append("The A/A rows (off B / off: two identical servers) show how far a same-run ratio of two "
                        + "servers strays here with nothing different between them: an on / off ratio inside that "
                        + "spread says nothing about tracing.\n\n")
                .append("What tracing off costs: a build without any tracing code does not exist to compare with, "
                        + "and a server-against-server ratio could not resolve a cost of nanoseconds anyway (see the "
                        + "A/A spread). So the off path is measured on its own and set against a request's time: "
                        + "`" + OFF_PATH_REST + "` (JMH, average ns per operation) runs what a REST infer request "
                        + "does for tracing while it is off (the controller's `Tracing.enabled()`, `Tracing.start` "
                        + "on the off instance with Micronaut headers as wrk sends them, and the branches on the null "
                        + "trace in `InferenceService` and `Batcher`, each stage a call the JIT may not inline; "
                        + "`" + OFF_PATH_GRPC + "` adds serving's `GrpcTraceInterceptor`, off). For each "
                        + "tracing-off round in the table below, request time = 1 s / its req/s (the wall time per "
                        + "answered request of the whole 2-core machine, shorter than any one request's latency, so "
                        + "the ratio errs low), and the row is request time / (request time + JMH cost), median of "
                        + "the rounds; it assumes the off path costs in the server what it costs in JMH.");
        rest.ifPresent(s -> md.append(String.format(" This run: %.1f ns per REST request against %.0f us per "
                + "request (median tracing-off round), %.4f %%.", s.score(), medianPerRequestNanos() / 1e3,
                100 * s.score() / medianPerRequestNanos())));
        md.append("\n\n| run | tracing | req/s | p50 us | p90 us | p99 us | requests | errors |\n")
                .append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        int i = 0;
        for (LoadResult r : t.runs()) {
            md.append(String.format("| %d | %s | %.0f | %.0f | %.0f | %.0f | %d | %s |%n", ++i, tracing(r.label()),
                    r.throughput(), r.p50Micros(), r.p90Micros(), r.p99Micros(), r.requests(),
                    ResultsWriter.errors(r)));
        }
        md.append("\n");
    }

    /** Median per-request nanoseconds over the valid tracing-off rounds. */
    private double medianPerRequestNanos() {
        return RoundRatio.each(t.off(), LoadResult::valid, TracingSection::perRequestNanos).median();
    }

    private static String tracing(String label) {
        return switch (label) {
            case TracingReport.ON -> "on";
            case TracingReport.OFF_B -> "off (B, A/A control)";
            default -> "off";
        };
    }
}
