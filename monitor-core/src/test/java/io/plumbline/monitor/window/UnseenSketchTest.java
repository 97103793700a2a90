package io.plumbline.monitor.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Misra–Gries by hand on small streams, and its error bound against exact counts on a skewed one. */
class UnseenSketchTest {

    @Test
    void capacityTwo_byHand() {
        // k = 2. a: {a1}; a: {a2}; b: {a2 b1}; c: full, decrement: {a1} (b to 0, c dropped);
        // a: {a2}; d: free counter {a2 d1}. True counts a3 b1 c1 d1; U = 6, S = 3,
        // bound (U - S) / (k + 1) = 3 / 3 = 1: a is 1 low, b and c (0 kept) 1 low, d exact.
        UnseenSketch s = new UnseenSketch(2);
        for (String v : new String[] {"a", "a", "b", "c", "a", "d"}) {
            s.add(v);
        }
        assertEquals(List.of(Map.entry("a", 2L), Map.entry("d", 1L)), s.top(10));
        assertEquals(6, s.total());
        assertEquals(1, s.errorBound());
    }

    @Test
    void merge_byHand() {
        // k = 2. Left {x3 y1} from x x x y; right {y2 z2} from y y z z.
        // Summed: x3 y3 z2: three counters > k, the (k+1)-th largest is 2: subtract 2, drop <= 0: {x1 y1}.
        // U = 8, S = 2: bound (8 - 2) / 3 = 2. True x3 y3 z2: x 2 low, y 2 low, z 2 low: within the bound.
        UnseenSketch left = new UnseenSketch(2);
        for (String v : new String[] {"x", "x", "x", "y"}) {
            left.add(v);
        }
        UnseenSketch right = new UnseenSketch(2);
        for (String v : new String[] {"y", "y", "z", "z"}) {
            right.add(v);
        }
        left.merge(right);
        assertEquals(List.of(Map.entry("x", 1L), Map.entry("y", 1L)), left.top(10));
        assertEquals(8, left.total());
        assertEquals(2, left.errorBound());
    }

    @Test
    void underCapacity_countsAreExact_andTopIsOrderedByCountThenName() {
        UnseenSketch s = new UnseenSketch(5);
        for (String v : new String[] {"b", "a", "c", "c", "b", "c"}) {
            s.add(v);
        }
        assertEquals(List.of(Map.entry("c", 3L), Map.entry("b", 2L), Map.entry("a", 1L)), s.top(10));
        assertEquals(List.of(Map.entry("c", 3L)), s.top(1));
        assertEquals(0, s.errorBound());
    }

    @Test
    void longNames_areCutSoMemoryStaysBounded() {
        UnseenSketch s = new UnseenSketch(2);
        s.add("x".repeat(1000));
        assertEquals(UnseenSketch.MAX_NAME, s.top(1).get(0).getKey().length());
    }

    /**
     * 200,000 draws from a Zipf-like law over 5,000 names (most seen a few times): every kept count is within
     * the bound of the exact tally, which is independent of the sketch, and every name above U / (k + 1) is kept.
     */
    @Test
    void skewedStream_staysWithinTheBound() {
        SplittableRandom random = new SplittableRandom(7);
        UnseenSketch s = new UnseenSketch();
        Map<String, Long> exact = new HashMap<>();
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            String v = "v" + (int) Math.floor(Math.pow(5000, random.nextDouble()));
            s.add(v);
            exact.merge(v, 1L, Long::sum);
        }
        long bound = s.errorBound();
        assertTrue(bound <= n / (UnseenSketch.CAPACITY + 1), "bound " + bound);
        Map<String, Long> kept = new HashMap<>();
        s.top(Integer.MAX_VALUE).forEach(e -> kept.put(e.getKey(), e.getValue()));
        assertTrue(kept.size() <= UnseenSketch.CAPACITY);
        exact.forEach((v, c) -> {
            long k = kept.getOrDefault(v, 0L);
            assertTrue(k <= c && c - k <= bound, v + ": true " + c + ", kept " + k + ", bound " + bound);
        });
        // The most frequent name heads the list: P(v1) = ln 2 / ln 5000 = 8.1%, about 16,300 draws.
        assertEquals("v1", s.top(1).get(0).getKey());
    }
}
