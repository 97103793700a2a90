package io.plumbline.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The near tail of the large-sample KS p-value ({@code e d^2 >= 2.2}, {@code e d^4 <= 0.1}) takes Stephens'
 * corrected Kolmogorov limit instead of the Birnbaum-Tingey sum of e terms: over a grid of effective sizes
 * from 50 to the sum's limit and of every d in that region (1% apart), it stays within 0.045 decades of
 * twice the one-sided sum, which is scipy's {@code kstwo.sf} there ({@code KolmogorovSmirnovTest} pins
 * both forms to scipy's own values).
 */
class KsNearTailTest {

    @Test
    void stephensFormStaysWithinAFewPercentOfTheSum_overTheNearTail() {
        long[] sizes = {50, 100, 200, 500, 1_000, 2_000, 4_000, 10_000, 30_000, 100_000};
        int points = 0;
        for (long e : sizes) {
            double from = Math.sqrt(2.2 / e);
            double to = Math.pow(KsAsymptoticTail.NEAR_TAIL / e, 0.25);
            for (double d = from; d <= to; d *= 1.01) {
                // n = m = 2e gives the effective size e exactly.
                double p = KsAsymptoticTail.pValue(d, 2 * e, 2 * e);
                double sum = 2 * KsAsymptoticTail.smirnovUpper(e, d);
                double decades = Math.abs(Math.log10(p / sum));
                assertTrue(decades <= 0.045, "e " + e + ", d " + d + ": " + p + " vs the sum's " + sum);
                points++;
            }
        }
        assertTrue(points > 500, "the grid has " + points + " points");
    }
}
