package io.plumbline.bench.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The plain consumer's clock: the time between passes is not reading time. Expected values worked by hand. */
class PassClockTest {
    private static final long MS = 1_000_000;

    @Test
    void twoPasses_gapBetweenThemLeftOut() {
        PassClock clock = new PassClock();
        // Pass 1: batches of 100, 200, 300 at 0, 10, 30 ms: 500 events counted in 30 ms.
        clock.batch(0, 100);
        clock.batch(10 * MS, 200);
        clock.batch(30 * MS, 300);
        clock.endPass();
        // 470 ms waiting for the fetch that was in flight at the end, then pass 2: 100, 400 at 500, 520 ms.
        clock.batch(500 * MS, 100);
        clock.batch(520 * MS, 400);
        clock.endPass();
        assertEquals(900, clock.counted());
        assertEquals(50 * MS, clock.activeNanos());
        // 900 events in 50 ms; timed from the very first batch to the very last it would read 1,000 in 520 ms.
        assertEquals(18_000.0, clock.eventsPerSecond(), 1e-6);
    }

    @Test
    void aPassOfOneBatch_addsNeitherEventsNorTime() {
        PassClock clock = new PassClock();
        clock.batch(0, 100);
        clock.batch(20 * MS, 300);
        clock.endPass();
        clock.batch(900 * MS, 5_000);
        clock.endPass();
        assertEquals(300, clock.counted());
        assertEquals(20 * MS, clock.activeNanos());
        assertEquals(15_000.0, clock.eventsPerSecond(), 1e-6);
    }

    @Test
    void anUnfinishedPass_isNotCounted() {
        PassClock clock = new PassClock();
        clock.batch(0, 100);
        clock.batch(10 * MS, 100);
        assertEquals(0, clock.activeNanos());
        assertEquals(0, clock.counted());
        clock.endPass();
        assertEquals(10 * MS, clock.activeNanos());
        assertEquals(100, clock.counted());
    }

    @Test
    void negativeNanoTimes_areTimesLikeAnyOther() {
        // System.nanoTime() may be negative: a pass from -30 ms to -10 ms is 20 ms with 250 events counted.
        PassClock clock = new PassClock();
        clock.batch(-30 * MS, 50);
        clock.batch(-10 * MS, 250);
        clock.endPass();
        assertEquals(250, clock.counted());
        assertEquals(20 * MS, clock.activeNanos());
    }
}
