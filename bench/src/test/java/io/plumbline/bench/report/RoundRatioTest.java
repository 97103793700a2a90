package io.plumbline.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.bench.load.LoadResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ratio of interleaved rounds: median of per-round ratios, spread, and invalid rounds left out. */
class RoundRatioTest {

    private static LoadResult point(double rps, long errors) {
        return new LoadResult("x", 32, rps, 100, 200, 300, 1000, errors);
    }

    @Test
    void medianOfPerRoundRatios_notRatioOfMedians() {
        // Rounds: 60/100 = 0.60, 90/100 = 0.90, 140/200 = 0.70. Median 0.70, min 0.60, max 0.90.
        // (The ratio of the two medians would be 90/100 = 0.90: it pairs different rounds.)
        RoundRatio r = RoundRatio.of(List.of(point(60, 0), point(90, 0), point(140, 0)),
                List.of(point(100, 0), point(100, 0), point(200, 0)), LoadResult::throughput);
        assertEquals(0.70, r.median(), 1e-12);
        assertEquals(0.60, r.min(), 1e-12);
        assertEquals(0.90, r.max(), 1e-12);
        assertEquals(3, r.counted());
        assertEquals("0.60–0.90, median of 3 rounds", r.spread());
    }

    @Test
    void aRoundWithAnyErrorOnEitherSide_isNotCounted() {
        // Round 2 has one socket error on side B: left out. Remaining 0.50 and 0.80, median their mean 0.65.
        RoundRatio r = RoundRatio.of(List.of(point(50, 0), point(1000, 0), point(80, 0)),
                List.of(point(100, 0), point(100, 1), point(100, 0)), LoadResult::throughput);
        assertEquals(0.65, r.median(), 1e-12);
        assertEquals(2, r.counted());
        assertEquals(3, r.rounds());
        assertTrue(r.spread().contains("1 invalid, not counted"), r.spread());
    }

    @Test
    void everyRoundInvalid_givesNoValue_andRatioSaysNotMeasured() {
        RoundRatio r = RoundRatio.of(List.of(point(50, 3)), List.of(point(100, 0)), LoadResult::throughput);
        assertTrue(Double.isNaN(r.median()));
        Ratio ratio = Ratio.atLeast("x", r, 0.75);
        assertEquals("not measured", ratio.result());
        assertTrue(ratio.spread().startsWith("invalid"), ratio.spread());
    }

    @Test
    void eachRoundsOwnRatio_medianOfTheValidRounds() {
        // Request time 1e9 / rps ns against a 10 ns cost: 1e6 ns -> 0.99999, 1e5 -> 0.9999, 1e4 -> 0.999 (invalid,
        // one error: left out). Median of the two valid ones: (0.99999 + 0.9999) / 2.
        RoundRatio r = RoundRatio.each(List.of(point(1000, 0), point(10_000, 0), point(100_000, 1)),
                LoadResult::valid, p -> (1e9 / p.throughput()) / (1e9 / p.throughput() + 10));
        assertEquals((1e6 / (1e6 + 10) + 1e5 / (1e5 + 10)) / 2, r.median(), 1e-12);
        assertEquals(2, r.counted());
        assertEquals(3, r.rounds());
    }

    @Test
    void aPointWithNoRequests_isInvalid() {
        assertTrue(!new LoadResult("x", 1, 0, 0, 0, 0, 0, 0).valid());
        assertEquals("2 **INVALID**", ResultsWriter.errors(point(10, 2)));
        assertEquals("0", ResultsWriter.errors(point(10, 0)));
    }
}
