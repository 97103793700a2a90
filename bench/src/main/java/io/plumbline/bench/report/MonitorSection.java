package io.plumbline.bench.report;

import io.plumbline.bench.load.KafkaReport;
import io.plumbline.bench.monitor.MonitorThroughput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The monitor-throughput stage ({@link MonitorThroughput}, run by the harness in the same run) in
 * {@code RESULTS.md}: per processing guarantee, monitor / plain consumer as the median of per-round
 * ratios, the monitor's events/s and events/s per core of this machine.
 */
final class MonitorSection {
    private static final String CONSUMER = "plain consumer";

    private final String format;
    private final MonitorThroughput.Result result;

    /** @param format the events' body, {@code json} or {@code binary} */
    MonitorSection(String format, MonitorThroughput.Result result) {
        this.format = format;
        this.result = result;
    }

    List<Ratio> ratios() {
        List<Double> consumer = result.rates().get(CONSUMER);
        int cores = Runtime.getRuntime().availableProcessors();
        List<Ratio> r = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : result.rates().entrySet()) {
            if (e.getKey().equals(CONSUMER)) {
                continue;
            }
            if (!e.getKey().startsWith("monitor ")) {
                // The Kafka Streams floor: what the framework alone reaches, beside the goals it bounds.
                r.add(Ratio.info(e.getKey() + " (" + format + " events, 1 stream thread, no decoding) / plain "
                        + "consumer, events/s (median of the per-round ratios)",
                        RoundRatio.of(e.getValue(), consumer, v -> v > 0, v -> v)));
                continue;
            }
            // "exactly_once_v2@1s" reads "exactly_once_v2, commit interval 1s".
            String guarantee = e.getKey().substring("monitor ".length()).replace("@", ", commit interval ") + ", "
                    + format + " events";
            // Issue 6's goals: exactly-once pays for transactions, so its bar is lower.
            double goal = guarantee.startsWith("exactly_once") ? 0.35 : 0.5;
            RoundRatio ratio = RoundRatio.of(e.getValue(), consumer, v -> v > 0, v -> v);
            r.add(Ratio.atLeast("Monitor (" + guarantee + ", 1 stream thread) / plain consumer, events/s, same "
                    + "broker and topic (median of the per-round ratios)", ratio, goal));
            double median = KafkaReport.median(e.getValue(), Double::doubleValue);
            r.add(Ratio.info("Monitor (" + guarantee + "): events/s (median of " + e.getValue().size() + " rounds)",
                    median, "events/s"));
            r.add(Ratio.info("Monitor (" + guarantee + "): events/s per core (median / " + cores + " cores of this "
                    + "machine, broker and harness included)", median / cores, "events/s"));
        }
        return r;
    }

    void markdown(StringBuilder md) {
        md.append("## Monitor throughput (issue 6), ").append(format).append(" events\n").append(result.markdown())
                .append("\n");
    }
}
