package io.plumbline.bench.report;

import io.plumbline.bench.load.LoadResult;
import io.plumbline.bench.load.TracingReport;
import java.util.List;

/** The tracing stage in {@code RESULTS.md}: on / off as a ratio row and every run in a table. */
final class TracingSection {
    private final TracingReport t;

    TracingSection(TracingReport t) {
        this.t = t;
    }

    List<Ratio> ratios() {
        return List.of(
                Ratio.info("Demo, c=32: REST JSON infer, tracing on (100 % sampled, OTLP/HTTP) / tracing off (req/s, "
                        + "median of the per-round ratios)", RoundRatio.of(t.on(), t.off(), LoadResult::throughput)),
                Ratio.info("Demo, c=32: REST JSON infer, tracing on / off (p99 latency, median of the per-round "
                        + "ratios)", RoundRatio.of(t.on(), t.off(), LoadResult::p99Micros)));
    }

    void markdown(StringBuilder md) {
        md.append("## Tracing on vs off (demo model, REST JSON, c=32)\n\n")
                .append("Two servers, `").append(t.serverCommand()).append("`, up side by side, event sink `none`: "
                        + "one with no `OTEL_*` variable (tracing off, the default), one with `")
                .append(t.onEnvironment()).append("` (the endpoint a stand-in collector in the harness, a JDK "
                        + "`HttpServer` answering 200 to `POST /v1/traces` and counting). Rounds alternate "
                        + "(off, on; on, off; ...). ")
                .append(String.format("The collector received %,d export requests, %,d bytes; it runs in the "
                        + "harness JVM on the same 2 cores, so reading those bytes is charged to the \"on\" side here, "
                        + "as the broker is to the Kafka side above.%n%n", t.exportPosts(), t.exportBytes()))
                .append("Not measured: what tracing off costs against a build without tracing code (there is no "
                        + "such build to compare with; TRACING.md says off is one boolean check per request).\n\n")
                .append("| run | tracing | req/s | p50 us | p90 us | p99 us | requests | errors |\n")
                .append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        int i = 0;
        for (LoadResult r : t.runs()) {
            md.append(String.format("| %d | %s | %.0f | %.0f | %.0f | %.0f | %d | %s |%n", ++i,
                    r.label().equals(TracingReport.ON) ? "on" : "off", r.throughput(), r.p50Micros(), r.p90Micros(),
                    r.p99Micros(), r.requests(), ResultsWriter.errors(r)));
        }
        md.append("\n");
    }
}
