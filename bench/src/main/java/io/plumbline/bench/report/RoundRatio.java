package io.plumbline.bench.report;

import io.plumbline.bench.load.LoadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * One ratio from interleaved rounds: round {@code i} pairs the {@code i}-th point of side A with the
 * {@code i}-th of side B. The median of the per-round ratios is reported, with min and max beside it,
 * because a median of each side's throughput would pair numbers from different minutes of a noisy machine.
 * A round where either side had an error is invalid and is not counted.
 *
 * @param median median of the counted per-round ratios, NaN when none was counted
 * @param min smallest counted ratio
 * @param max largest counted ratio
 * @param counted rounds where both sides were valid
 * @param rounds rounds measured
 */
public record RoundRatio(double median, double min, double max, int counted, int rounds) {

    public static RoundRatio of(List<LoadResult> a, List<LoadResult> b, ToDoubleFunction<LoadResult> metric) {
        return of(a, b, LoadResult::valid, metric);
    }

    /** As {@link #of(List, List, ToDoubleFunction)} for any measurement, with its own validity test. */
    public static <T> RoundRatio of(List<T> a, List<T> b, Predicate<T> valid, ToDoubleFunction<T> metric) {
        int rounds = Math.min(a.size(), b.size());
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            if (valid.test(a.get(i)) && valid.test(b.get(i))) {
                ratios.add(metric.applyAsDouble(a.get(i)) / metric.applyAsDouble(b.get(i)));
            }
        }
        return summary(ratios, rounds);
    }

    /**
     * A ratio each round gives on its own, e.g. a round's request time against a cost measured once in the
     * same run: {@code ratio} of every valid round, summarised as above.
     */
    public static <T> RoundRatio each(List<T> rounds, Predicate<T> valid, ToDoubleFunction<T> ratio) {
        List<Double> ratios = new ArrayList<>();
        for (T round : rounds) {
            if (valid.test(round)) {
                ratios.add(ratio.applyAsDouble(round));
            }
        }
        return summary(ratios, rounds.size());
    }

    private static RoundRatio summary(List<Double> ratios, int rounds) {
        if (ratios.isEmpty()) {
            return new RoundRatio(Double.NaN, Double.NaN, Double.NaN, 0, rounds);
        }
        ratios.sort(null);
        int n = ratios.size();
        double median = n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
        return new RoundRatio(median, ratios.get(0), ratios.get(n - 1), n, rounds);
    }

    /** For the table: {@code min–max, n of m rounds} (and how many were invalid). */
    public String spread() {
        if (counted == 0) {
            return "invalid (" + rounds + " rounds, every one with errors)";
        }
        String s = String.format("%.2f–%.2f, median of %d round%s", min, max, counted, counted == 1 ? "" : "s");
        return counted < rounds ? s + " (" + (rounds - counted) + " invalid, not counted)" : s;
    }
}
