package io.plumbline.bench.load;

import java.util.List;

/**
 * The tracing stage: REST JSON infer against a server with tracing off (the default) and one
 * exporting every request's span over OTLP/HTTP, in interleaved rounds.
 *
 * @param runs every measured run, in the order run (labels {@link #OFF} and {@link #ON})
 * @param exportPosts OTLP export requests the stand-in collector received over the whole stage
 * @param exportBytes their body bytes
 * @param onEnvironment the variables that turned tracing on
 * @param serverCommand how both servers were started
 */
public record TracingReport(List<LoadResult> runs, long exportPosts, long exportBytes, String onEnvironment,
        String serverCommand) {
    public static final String OFF = "REST JSON infer weather, tracing off";
    public static final String ON = "REST JSON infer weather, tracing on (100 %)";

    public List<LoadResult> off() {
        return runs.stream().filter(r -> r.label().equals(OFF)).toList();
    }

    public List<LoadResult> on() {
        return runs.stream().filter(r -> r.label().equals(ON)).toList();
    }
}
