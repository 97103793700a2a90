package io.plumbline.bench.monitor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The measurement as Markdown: each reader's median events/s, its rounds and its ratio to the plain
 * consumer's median; the per-round ratios; the machine and the date.
 */
final class ThroughputTable {
    static final String PLAIN = "plain consumer";

    private ThroughputTable() {
    }

    static String markdown(ThroughputSettings settings, Map<String, List<Double>> rates) {
        double consumer = median(rates.get(PLAIN));
        StringBuilder s = new StringBuilder();
        s.append("\n### Monitor throughput vs a plain consumer (same broker, same topic, same run)\n\n");
        s.append(String.format(Locale.ROOT, "%,d events (%s body, 1 row, %d FP32 features, %d-bin reference profiles), %d partitions"
                + " (one model each), 1-minute windows; monitor: 1 stream thread, commit interval Kafka Streams' default"
                + " (100 ms exactly-once, 30 s at-least-once) unless the reader names one after `@`; %d interleaved"
                + " rounds after a warm-up (1 untimed run of the consumer, %d of each monitor reader, %d of the pass-through); median, per-round in"
                + " brackets. The plain consumer reads the topic repeatedly, each pass timed on its own (the fetch"
                + " waits between passes left out); `%s` counts the records in a topology that does nothing"
                + " else: the framework's own cost.%n%n", settings.events(), settings.format().configName(), settings.features(), settings.bins(),
                settings.partitions(), settings.rounds(), MonitorThroughput.MONITOR_WARMUP_RUNS,
                MonitorThroughput.PASS_THROUGH_WARMUP_RUNS, PassThroughRun.READER));
        s.append("| reader | events/s (median) | rounds | ratio to plain consumer |\n");
        s.append("|---|---:|---|---:|\n");
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
            double m = median(e.getValue());
            String each = String.join(", ", e.getValue().stream()
                    .map(v -> String.format(Locale.ROOT, "%,.0f", v)).toList());
            s.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %.2f |%n", e.getKey(), m, each, m / consumer));
        }
        s.append(String.format(Locale.ROOT, "%nPer-round ratios (reader ÷ consumer of the same round): %s%n",
                perRound(rates)));
        s.append(String.format(Locale.ROOT, "%nMachine: %s, %d CPUs, %s %s (%s), JDK %s, heap max %d MiB; %s%n",
                cpuModel(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        s.append("JVM args: ").append(ManagementFactory.getRuntimeMXBean().getInputArguments()).append('\n');
        return s.toString();
    }

    private static String perRound(Map<String, List<Double>> rates) {
        List<Double> consumer = rates.get(PLAIN);
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
            if (e.getKey().equals(PLAIN)) {
                continue;
            }
            List<String> r = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                r.add(String.format(Locale.ROOT, "%.2f", e.getValue().get(i) / consumer.get(i)));
            }
            parts.add(e.getKey() + " " + String.join(", ", r));
        }
        return String.join("; ", parts);
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }
}
