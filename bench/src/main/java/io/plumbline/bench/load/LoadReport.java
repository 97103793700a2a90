package io.plumbline.bench.load;

import java.util.List;

/**
 * Everything the load harness measured in one run.
 *
 * @param points every load point, in the order run
 * @param workers batcher workers per model in the server, which is also the in-process threads
 * @param restServerP50Micros server-side p50 of {@code inference_requests_seconds} (REST, c=1)
 * @param grpcServerP50Micros the same for gRPC
 * @param serverComputeMeanMicros server-side mean of {@code inference_compute_seconds} at REST c=1
 * @param profile the JFR summary (markdown) of the profiled point
 * @param profileAreas where that point's CPU time went, one line (empty when not profiled)
 * @param serverCommand how the server was started
 * @param kafka the Kafka-sink stage, or null when it was skipped
 * @param startup the start-up and footprint stage, or null when it was skipped
 * @param tracing the tracing on/off stage, or null when it was skipped
 * @param warmups the main server's JIT warm-up before its points (empty when it did not run)
 * @param serverCpu the servers' CPU by area over each measured wrk and h2load point (empty without /proc)
 */
public record LoadReport(List<LoadResult> points, int workers, double restServerP50Micros, double grpcServerP50Micros,
        double serverComputeMeanMicros, String profile, String profileAreas, String serverCommand,
        KafkaReport kafka, StartupReport startup, TracingReport tracing, List<JitWarmup.Result> warmups,
        List<ServerCpu> serverCpu) {

    /** False when only the Kafka stage ran ({@code --kafka-only}): no engine ceiling, no main server points. */
    public boolean hasServerPoints() {
        return !points.isEmpty();
    }

    public LoadReport withKafka(KafkaReport k) {
        return new LoadReport(points, workers, restServerP50Micros, grpcServerP50Micros, serverComputeMeanMicros,
                profile, profileAreas, serverCommand, k, startup, tracing, warmups, serverCpu);
    }

    public LoadReport withStartup(StartupReport s) {
        return new LoadReport(points, workers, restServerP50Micros, grpcServerP50Micros, serverComputeMeanMicros,
                profile, profileAreas, serverCommand, kafka, s, tracing, warmups, serverCpu);
    }

    public LoadReport withTracing(TracingReport t) {
        return new LoadReport(points, workers, restServerP50Micros, grpcServerP50Micros, serverComputeMeanMicros,
                profile, profileAreas, serverCommand, kafka, startup, t, warmups, serverCpu);
    }

    /** Every round of one label at one concurrency, in the order run. */
    public List<LoadResult> rounds(String label, int concurrency) {
        return points.stream().filter(p -> p.label().equals(label) && p.concurrency() == concurrency).toList();
    }

    public LoadResult find(String label, int concurrency) {
        return points.stream().filter(p -> p.label().equals(label) && p.concurrency() == concurrency).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no point " + label + " at " + concurrency));
    }
}
