package io.plumbline.bench.load;

/**
 * One measured run of the Kafka-sink stage with the CPU time spent meanwhile, in cores (CPU seconds
 * per wall second of the measured window, from {@link ProcessHandle.Info#totalCpuDuration()}).
 *
 * @param result what wrk measured
 * @param serverCores the measured server's CPU
 * @param brokerCores the Kafka broker's CPU (it runs on the same machine, so it competes with the server)
 */
public record KafkaRun(LoadResult result, double serverCores, double brokerCores) {

    /** The measured server's CPU time per answered request, microseconds. */
    public double serverCpuMicrosPerRequest() {
        return serverCores * 1e6 / result.throughput();
    }

    /** The broker's CPU time per answered request, microseconds. */
    public double brokerCpuMicrosPerRequest() {
        return brokerCores * 1e6 / result.throughput();
    }
}
