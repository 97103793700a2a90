package io.plumbline.bench.load;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Prometheus histogram (e.g. {@code inference_requests_seconds}) read from a {@code /prometheus}
 * scrape, summed over the series whose labels contain every given {@code name="value"}. Two
 * scrapes around a load point give that point's own distribution ({@link #minus}).
 */
record ServerHistogram(TreeMap<Double, Long> cumulative, double sum, long count) {

    static ServerHistogram parse(String scrape, String metric, List<String> labels) {
        TreeMap<Double, Long> buckets = new TreeMap<>();
        double sum = 0;
        long count = 0;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(metric + "_") || !labels.stream().allMatch(line::contains)) {
                continue;
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith(metric + "_bucket{")) {
                int le = line.indexOf("le=\"") + 4;
                String bound = line.substring(le, line.indexOf('"', le));
                double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
                buckets.merge(upper, (long) value, Long::sum);
            } else if (line.startsWith(metric + "_sum{")) {
                sum += value;
            } else if (line.startsWith(metric + "_count{")) {
                count += (long) value;
            }
        }
        return new ServerHistogram(buckets, sum, count);
    }

    ServerHistogram minus(ServerHistogram before) {
        TreeMap<Double, Long> d = new TreeMap<>();
        for (Map.Entry<Double, Long> e : cumulative.entrySet()) {
            d.put(e.getKey(), e.getValue() - before.cumulative.getOrDefault(e.getKey(), 0L));
        }
        return new ServerHistogram(d, sum - before.sum, count - before.count);
    }

    /** Mean in microseconds. */
    double meanMicros() {
        return count == 0 ? Double.NaN : sum / count * 1e6;
    }

    /** The {@code q} quantile in microseconds, interpolated linearly inside its bucket. */
    double quantileMicros(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        double rank = q * count;
        double lower = 0;
        long below = 0;
        for (Map.Entry<Double, Long> e : cumulative.entrySet()) {
            long c = e.getValue();
            if (c >= rank) {
                double upper = e.getKey();
                if (Double.isInfinite(upper)) {
                    return lower * 1e6;
                }
                double inBucket = c - below;
                double fraction = inBucket == 0 ? 0 : (rank - below) / inBucket;
                return (lower + fraction * (upper - lower)) * 1e6;
            }
            lower = e.getKey();
            below = c;
        }
        return Double.NaN;
    }
}
