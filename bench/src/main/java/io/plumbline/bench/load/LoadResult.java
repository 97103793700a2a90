package io.plumbline.bench.load;

/**
 * One measured point.
 *
 * @param label what was driven, e.g. {@code REST JSON weather}
 * @param concurrency connections (wrk), calls in flight (gRPC) or threads (in-process)
 * @param throughput completed requests per second
 * @param p50Micros median latency, microseconds (as the client saw it)
 * @param errors failed requests (non-2xx, socket errors, gRPC errors)
 */
public record LoadResult(String label, int concurrency, double throughput, double p50Micros, double p90Micros,
        double p99Micros, long requests, long errors) {

    /** A point with any socket error, timeout or non-2xx response is invalid: shown as such, never in a ratio. */
    public boolean valid() {
        return errors == 0 && requests > 0;
    }
}
