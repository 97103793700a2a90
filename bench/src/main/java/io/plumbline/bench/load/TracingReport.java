package io.plumbline.bench.load;

import java.util.List;

/**
 * The tracing stage: REST JSON infer against two servers with tracing off (the default; the second an
 * A/A control) and one exporting every request's span over OTLP/HTTP, in interleaved rounds.
 *
 * @param runs every measured run, in the order run (labels {@link #OFF}, {@link #OFF_B} and {@link #ON})
 * @param exportPosts OTLP export requests the stand-in collector received over the whole stage
 * @param exportBytes their body bytes
 * @param onEnvironment the variables that turned tracing on
 * @param serverCommand how both servers were started
 * @param warmups each server's JIT warm-up before the rounds
 */
public record TracingReport(List<LoadResult> runs, long exportPosts, long exportBytes, String onEnvironment,
        String serverCommand, List<JitWarmup.Result> warmups) {
    public static final String OFF = "REST JSON infer weather, tracing off";
    public static final String OFF_B = "REST JSON infer weather, tracing off (second server, A/A control)";
    public static final String ON = "REST JSON infer weather, tracing on (100 %)";

    public List<LoadResult> off() {
        return runs.stream().filter(r -> r.label().equals(OFF)).toList();
    }

    public List<LoadResult> offB() {
        return runs.stream().filter(r -> r.label().equals(OFF_B)).toList();
    }

    public List<LoadResult> on() {
        return runs.stream().filter(r -> r.label().equals(ON)).toList();
    }
}
