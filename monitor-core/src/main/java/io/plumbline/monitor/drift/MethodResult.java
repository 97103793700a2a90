package io.plumbline.monitor.drift;

/**
 * One statistic of one feature in one window.
 *
 * @param method which statistic
 * @param statistic its value (NaN when it could not be computed, e.g. an empty window)
 * @param bound half-width of the interval the exact statistic lies in, beyond {@code statistic}:
 *     for KS the exact D is in {@code [statistic, statistic + bound]}, for Wasserstein in
 *     {@code [statistic - bound, statistic + bound]}; 0 where the statistic is exact for its bins
 * @param pValue p-value before correction, NaN for methods without one
 * @param adjustedPValue p-value after the multiple-testing correction across features (equal to
 *     {@code pValue} without correction); the verdict of KS and chi-square uses this
 * @param threshold what the verdict compares with: alpha for KS and chi-square (on the adjusted
 *     p-value), the statistic's threshold for PSI, Wasserstein and Jensen-Shannon
 * @param verdict drift, no drift, or insufficient data
 */
public record MethodResult(
        Method method, double statistic, double bound, double pValue, double adjustedPValue, double threshold,
        Verdict verdict) {

    /** The same result with an adjusted p-value and the verdict it implies at {@code alpha}. */
    MethodResult adjusted(double adjusted) {
        Verdict v = verdict == Verdict.INSUFFICIENT_DATA ? verdict
                : adjusted < threshold ? Verdict.DRIFT : Verdict.NO_DRIFT;
        return new MethodResult(method, statistic, bound, pValue, adjusted, threshold, v);
    }
}
