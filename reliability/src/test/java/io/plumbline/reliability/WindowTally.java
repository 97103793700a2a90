package io.plumbline.reliability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Events produced per window (the producer's tally) against the window results read from the drift
 * topic. A window without a result loses all its events; a count below (above) the tally loses
 * (duplicates) the difference; a second result for a window duplicates all of its count; a result for
 * a window nothing was produced for duplicates its whole count.
 *
 * @param problems one line per window that is not exactly right; empty when all are
 */
record WindowTally(long produced, long consumed, long lost, long duplicated, long windowsCounted, List<String> problems) {

    /** @param produced acknowledged events by window start (epoch milliseconds) */
    static WindowTally of(Map<Long, Long> produced, List<DriftRecords.Result> results) {
        Map<Long, List<Long>> counted = new TreeMap<>();
        for (DriftRecords.Result r : results) {
            counted.computeIfAbsent(r.start().toEpochMilli(), k -> new ArrayList<>()).add(r.count());
        }
        long total = 0;
        long consumed = 0;
        long lost = 0;
        long duplicated = 0;
        long windows = 0;
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Long, Long> e : produced.entrySet()) {
            long p = e.getValue();
            total += p;
            List<Long> counts = counted.getOrDefault(e.getKey(), List.of());
            if (counts.isEmpty()) {
                lost += p;
                problems.add(name(e.getKey()) + ": " + p + " events produced, no result");
                continue;
            }
            windows++;
            long first = counts.get(0);
            lost += Math.max(0, p - first);
            duplicated += Math.max(0, first - p);
            for (long extra : counts.subList(1, counts.size())) {
                duplicated += extra;
            }
            consumed += counts.stream().mapToLong(Long::longValue).sum();
            if (first != p || counts.size() > 1) {
                problems.add(name(e.getKey()) + ": " + p + " events produced, results counted " + counts);
            }
        }
        for (Map.Entry<Long, List<Long>> e : counted.entrySet()) {
            if (!produced.containsKey(e.getKey())) {
                long sum = e.getValue().stream().mapToLong(Long::longValue).sum();
                consumed += sum;
                duplicated += sum;
                problems.add(name(e.getKey()) + ": nothing produced, results counted " + e.getValue());
            }
        }
        return new WindowTally(total, consumed, lost, duplicated, windows, problems);
    }

    private static String name(long startMillis) {
        return "window " + Instant.ofEpochMilli(startMillis);
    }
}
