package io.plumbline.bench.monitor;

import io.plumbline.events.EventFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one monitor-throughput measurement writes and reads, from the command line's options without their
 * dashes ({@code events}, {@code partitions}, ...; defaults as in {@link MonitorThroughput}'s usage).
 *
 * @param format the body of the produced events, as {@code plumbline.events.format} chooses it in serving
 */
record ThroughputSettings(int events, int partitions, int rounds, int features, int bins, List<String> guarantees,
        EventFormat format) {

    ThroughputSettings {
        if (events < 1 || partitions < 1 || rounds < 1 || features < 1 || bins < 2) {
            throw new IllegalArgumentException("events, partitions, rounds, features must be >= 1, bins >= 2");
        }
        guarantees = List.copyOf(guarantees);
    }

    static ThroughputSettings parse(Map<String, String> args) {
        String f = args.getOrDefault("format", "json");
        if (!f.equals("json") && !f.equals("binary")) {
            throw new IllegalArgumentException("--format must be json or binary, not " + f);
        }
        return new ThroughputSettings(Integer.parseInt(args.getOrDefault("events", "200000")),
                Integer.parseInt(args.getOrDefault("partitions", "4")),
                Integer.parseInt(args.getOrDefault("rounds", "3")),
                Integer.parseInt(args.getOrDefault("features", "10")),
                Integer.parseInt(args.getOrDefault("bins", "1000")),
                List.of(args.getOrDefault("guarantees", "exactly_once_v2@1s,at_least_once").split(",")),
                EventFormat.valueOf(f.toUpperCase(Locale.ROOT)));
    }
}
