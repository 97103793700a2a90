package io.plumbline.monitor.drift;

/**
 * Pearson's chi-square test of homogeneity on a 2 x k table: reference counts and current counts over
 * the same categories (the last usually "other", which also holds categories the reference never saw).
 * {@code X2 = sum over both rows and all columns of (O - E)^2 / E} with {@code E = row total * column
 * total / grand total}; columns empty in both rows are dropped, degrees of freedom are the remaining
 * columns minus one. This is the same statistic as Commons Math's {@code chiSquareDataSetsComparison}.
 * The p-value is the upper regularized gamma function {@code Q(df/2, X2/2)} ({@link ChiSquareTail}),
 * which keeps precision for tiny p-values where {@code 1 - cdf} would round to 0.
 */
public final class ChiSquareHomogeneity {
    private ChiSquareHomogeneity() {
    }

    /** Statistic, degrees of freedom and p-value. */
    public record Result(double statistic, int degreesOfFreedom, double pValue) {
    }

    public static Result test(long[] reference, long[] current) {
        if (reference.length != current.length) {
            throw new IllegalArgumentException("category counts differ in length: " + reference.length + " vs "
                    + current.length);
        }
        double nRef = Counts.sum(reference);
        double nCur = Counts.sum(current);
        if (nRef == 0 || nCur == 0) {
            return new Result(Double.NaN, 0, Double.NaN);
        }
        double total = nRef + nCur;
        double x2 = 0;
        int columns = 0;
        for (int i = 0; i < reference.length; i++) {
            double column = reference[i] + current[i];
            if (column == 0) {
                continue;
            }
            columns++;
            double eRef = nRef * column / total;
            double eCur = nCur * column / total;
            x2 += (reference[i] - eRef) * (reference[i] - eRef) / eRef + (current[i] - eCur) * (current[i] - eCur) / eCur;
        }
        int df = columns - 1;
        return new Result(x2, df, df < 1 ? 1.0 : ChiSquareTail.survival(x2, df));
    }
}
