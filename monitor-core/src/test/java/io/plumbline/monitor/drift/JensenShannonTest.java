package io.plumbline.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JensenShannonTest {

    @Test
    void distance_smallTable_matchesHandComputation() {
        // p = (1/2, 1/2, 0), q = (0, 1/2, 1/2), m = (1/4, 1/2, 1/4)
        // KL(p||m) = 1/2 log2(2) + 1/2 log2(1) = 1/2 bit, KL(q||m) = 1/2 bit, JSD = 1/2, distance = sqrt(1/2)
        assertEquals(Math.sqrt(0.5), JensenShannon.distance(new long[] {1, 1, 0}, new long[] {0, 1, 1}), 1e-15);
    }

    @Test
    void distance_unevenTable_matchesHandComputation() {
        // p = (0.8, 0.2), q = (0.4, 0.6), m = (0.6, 0.4)
        // KL(p||m) = 0.8 log2(0.8/0.6) + 0.2 log2(0.2/0.4); KL(q||m) = 0.4 log2(0.4/0.6) + 0.6 log2(0.6/0.4)
        double log2 = Math.log(2);
        double kp = 0.8 * Math.log(0.8 / 0.6) / log2 + 0.2 * Math.log(0.2 / 0.4) / log2;
        double kq = 0.4 * Math.log(0.4 / 0.6) / log2 + 0.6 * Math.log(0.6 / 0.4) / log2;
        assertEquals(Math.sqrt((kp + kq) / 2), JensenShannon.distance(new long[] {80, 20}, new long[] {40, 60}), 1e-15);
    }

    @Test
    void distance_sameSharesAndDisjointSupport_areTheBounds() {
        assertEquals(0.0, JensenShannon.distance(new long[] {10, 30}, new long[] {1, 3}), 1e-15);
        assertEquals(1.0, JensenShannon.distance(new long[] {10, 0}, new long[] {0, 7}), 1e-15);
    }
}
