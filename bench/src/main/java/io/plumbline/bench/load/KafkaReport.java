package io.plumbline.bench.load;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The Kafka-sink stage (issue 4): REST JSON infer on the demo model at one concurrency against two
 * servers, one with event sink {@code none} and one sending every prediction to a real Kafka broker,
 * measured in interleaved rounds.
 *
 * @param runs every measured run, in the order run (labels {@link #NONE} and {@link #KAFKA})
 * @param measured the Kafka server's events during its measured runs only (summed differences of
 *     settled scrapes around each run)
 * @param unsettled events of the measured runs still without an outcome when the stage stopped
 *     waiting (0 when every event was accounted for)
 * @param droppedBeforeReady events the Kafka server dropped before its sink was connected (topics
 *     being created), all before the measured runs
 * @param readySeconds from the Kafka server answering its first prediction to its first event
 *     acknowledged by the broker
 * @param kafkaLife the Kafka server's events over its whole life (readiness probe and warm-ups included)
 * @param noneLife the {@code none} server's, whose outcomes must be 0
 * @param broker what the broker was
 * @param serverCommand how both servers were started
 * @param stageSeconds wall time of the whole stage, broker start to stop
 * @param topics each Kafka server's events counted on its topic (json, then binary)
 * @param warmups each server's JIT warm-up before the rounds
 */
public record KafkaReport(List<KafkaRun> runs, EventCounts measured, long unsettled, long droppedBeforeReady,
        double readySeconds, EventCounts kafkaLife, EventCounts noneLife, String broker, String serverCommand,
        double stageSeconds, List<TopicCount> topics, List<JitWarmup.Result> warmups) {
    public static final String NONE = "REST JSON infer weather, sink none";
    public static final String KAFKA = "REST JSON infer weather, sink kafka";
    public static final String BINARY = "REST JSON infer weather, sink kafka, binary events";

    public List<KafkaRun> none() {
        return runs.stream().filter(r -> r.result().label().equals(NONE)).toList();
    }

    public List<KafkaRun> kafka() {
        return runs.stream().filter(r -> r.result().label().equals(KAFKA)).toList();
    }

    public List<KafkaRun> binary() {
        return runs.stream().filter(r -> r.result().label().equals(BINARY)).toList();
    }

    /** Each column's median over one sink's runs, on its own; requests and errors summed. */
    public LoadResult noneMedian() {
        return median(NONE, none());
    }

    public LoadResult kafkaMedian() {
        return median(KAFKA, kafka());
    }

    /** Dropped and failed events of the measured runs, plus any never accounted for. */
    public long lost() {
        return measured.dropped() + measured.failed() + unsettled;
    }

    public static LoadResult median(String label, List<KafkaRun> runs) {
        List<LoadResult> r = runs.stream().map(KafkaRun::result).toList();
        return new LoadResult(label + " (median of " + r.size() + ")", r.isEmpty() ? 0 : r.get(0).concurrency(),
                median(r, LoadResult::throughput), median(r, LoadResult::p50Micros), median(r, LoadResult::p90Micros),
                median(r, LoadResult::p99Micros), r.stream().mapToLong(LoadResult::requests).sum(),
                r.stream().mapToLong(LoadResult::errors).sum());
    }

    public static <T> double median(List<T> values, ToDoubleFunction<T> f) {
        double[] v = values.stream().mapToDouble(f).sorted().toArray();
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
