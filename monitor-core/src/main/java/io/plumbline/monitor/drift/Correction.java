package io.plumbline.monitor.drift;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Multiple-testing correction across the features of one window, as adjusted p-values compared with
 * alpha. Bonferroni ({@code min(1, m p)}) bounds the chance of any false alarm; Benjamini-Hochberg
 * ({@code min over j >= i of m p_(j) / j}, sorted ascending) bounds the expected share of false alarms
 * among the alarms and loses less power with many features. NaN p-values (features without a verdict)
 * are left out and do not count in {@code m}.
 */
public enum Correction {
    NONE,
    BONFERRONI,
    BENJAMINI_HOCHBERG;

    public double[] adjust(double[] pValues) {
        double[] adjusted = pValues.clone();
        int[] tested = IntStream.range(0, pValues.length).filter(i -> !Double.isNaN(pValues[i])).toArray();
        int m = tested.length;
        switch (this) {
            case NONE:
                break;
            case BONFERRONI:
                for (int i : tested) {
                    adjusted[i] = Math.min(1, pValues[i] * m);
                }
                break;
            case BENJAMINI_HOCHBERG:
                Integer[] order = Arrays.stream(tested).boxed().toArray(Integer[]::new);
                Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
                double running = 1;
                for (int rank = m; rank >= 1; rank--) {
                    int i = order[rank - 1];
                    running = Math.min(running, pValues[i] * m / rank);
                    adjusted[i] = running;
                }
                break;
            default:
                throw new IllegalStateException("unhandled correction " + this);
        }
        return adjusted;
    }

    /** Parses {@code none}, {@code bonferroni}, {@code bh} or {@code benjamini-hochberg}. */
    public static Correction parse(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> NONE;
            case "bonferroni" -> BONFERRONI;
            case "bh", "benjamini-hochberg", "benjamini_hochberg" -> BENJAMINI_HOCHBERG;
            default -> throw new IllegalArgumentException("unknown correction " + text + "; use none, bonferroni or bh");
        };
    }
}
