package io.plumbline.bench.load;

import java.util.List;
import java.util.Map;

/**
 * The server's CPU over one measured load point, by area ({@link #AREAS}: which threads spent it), read
 * from {@code /proc} before and after the point.
 *
 * @param label the point's label
 * @param concurrency the point's concurrency
 * @param requests requests the client completed in that run
 * @param ticks CPU ticks (1/100 s) by area; an absent area spent none
 * @param valid false when the point had errors or /proc could not be read after it: kept, so the i-th
 *     sample of every label is still round i, but in no median or ratio
 */
public record ServerCpu(String label, int concurrency, long requests, Map<String, Long> ticks, boolean valid) {
    /** The areas, in the order tables show them; a thread matching none counts as {@code other}. */
    public static final List<String> AREAS = List.of("HTTP event loops", "gRPC event loops", "batchers",
            "embedded monitor", "garbage collector", ThreadCpu.COMPILER, "other");

    public ServerCpu {
        ticks = Map.copyOf(ticks);
    }

    /** Server CPU per completed request spent in one area, microseconds. */
    public double micros(String area) {
        return ticks.getOrDefault(area, 0L) / ThreadCpu.TICKS_PER_SECOND * 1e6 / requests;
    }

    /** Server CPU per completed request, all areas, microseconds. */
    public double totalMicros() {
        return ticks.values().stream().mapToLong(Long::longValue).sum() / ThreadCpu.TICKS_PER_SECOND * 1e6
                / requests;
    }
}
