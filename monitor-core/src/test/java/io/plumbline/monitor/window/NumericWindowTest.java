package io.plumbline.monitor.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.NumericSummary;
import io.plumbline.monitor.testing.Samples;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumericWindowTest {
    // bins (0.5, 1], (1, 2], (2, 3]; guards below 0.5 and above 3
    private final NumericSummary summary = new NumericSummary(1.5, 1, new double[] {0.5, 1, 2, 3}, new long[] {1, 1, 1});

    @Test
    void add_rightClosedBinsAndGuards() {
        NumericWindow w = new NumericWindow("x", summary);
        for (double v : new double[] {0.2, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 3.5, 10}) {
            w.add(v);
        }
        assertArrayEquals(new long[] {2, 2, 2, 1, 2}, w.countsCopy());
        assertEquals(9, w.count());
        assertEquals(0.3 + 0.0, w.belowDistance(), 1e-15);
        assertEquals(0.5 + 7, w.aboveDistance(), 1e-15);
    }

    /**
     * The branch-free search against the definition read off by a linear scan (first edge >= value), for every
     * edge count from 2 to 40 (odd and even halvings), at each edge, either side of it, beyond both ends, and
     * at -0.0 / 0.0 on an edge of 0.
     */
    @Test
    void bin_isTheFirstEdgeAtOrAboveTheValue_forEveryEdgeCount() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 2; n <= 40; n++) {
            double[] edges = new double[n];
            double at = -n / 2.0;
            for (int i = 0; i < n; i++) {
                at += 0.1 + random.nextDouble();
                edges[i] = i == n / 2 ? 0.0 : at;
            }
            java.util.Arrays.sort(edges);
            for (int i = 0; i < n; i++) {
                for (double v : new double[] {edges[i], Math.nextDown(edges[i]), Math.nextUp(edges[i]),
                        edges[i] - 0.05, edges[i] + 0.05, edges[0] - 100, edges[n - 1] + 100, -0.0, 0.0}) {
                    int expected = n;
                    for (int k = 0; k < n; k++) {
                        if (edges[k] >= v) {
                            expected = k;
                            break;
                        }
                    }
                    assertEquals(expected, NumericWindow.bin(edges, v), "n=" + n + ", value " + v);
                }
            }
        }
    }

    @Test
    void add_nanAndInfinities_areCountedInvalidNotBinned() {
        NumericWindow w = new NumericWindow("x", summary);
        w.add(Double.NaN);
        w.add(Double.POSITIVE_INFINITY);
        w.add(Double.NEGATIVE_INFINITY);
        w.addMissing();
        w.addInvalid();
        assertEquals(0, w.count());
        assertEquals(4, w.invalid());
        assertEquals(1, w.missing());
        assertArrayEquals(new long[5], w.countsCopy());
    }

    @Test
    void mergeAndReset_addAndClearCounts() {
        NumericWindow a = new NumericWindow("x", summary);
        NumericWindow b = new NumericWindow("x", summary);
        a.add(0.7);
        b.add(0.7);
        b.add(5);
        b.addMissing();
        a.merge(b);
        assertArrayEquals(new long[] {0, 2, 0, 0, 1}, a.countsCopy());
        assertEquals(3, a.count());
        assertEquals(1, a.missing());
        assertEquals(2, a.aboveDistance(), 1e-15);
        a.reset();
        assertEquals(0, a.count());
        assertArrayEquals(new long[5], a.countsCopy());
    }

    @Test
    void merge_differentEdges_isRejected() {
        NumericSummary other = new NumericSummary(0, 1, new double[] {0, 1}, new long[] {1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NumericWindow("x", summary).merge(new NumericWindow("y", other)));
        assertTrue(e.getMessage().contains("different reference edges"));
    }

    @Test
    void thousandBinWindow_holdsBinsPlusTwoLongs_withinEightKiB() {
        NumericSummary thousand = Samples.summary(Samples.profile(Samples.normal(new SplittableRandom(1), 10_000, 0, 1), 1000));
        NumericWindow w = new NumericWindow("x", thousand);
        assertEquals(1000, thousand.bins());
        assertEquals(1002, w.slots());
        assertEquals(1002, w.countsCopy().length);
        // long[1002]: 16-byte array header + 8 bytes per count; the edges are shared with the profile
        long arrayBytes = 16 + 8L * w.slots();
        assertTrue(arrayBytes <= 8 * 1024, "count array " + arrayBytes + " bytes");
    }
}
