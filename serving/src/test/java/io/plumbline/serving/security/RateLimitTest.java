package io.plumbline.serving.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket against hand-worked timelines (a clock the test moves). */
class RateLimitTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    @Test
    void threePerMinute_burstOfThree_thenOneEvery20Seconds() {
        RateLimit rate = RateLimit.parse("3/m", now::get);
        // Worked by hand: a full bucket holds 3; each request costs 60 s / 3 = 20 s of refill.
        assertEquals(0, rate.acquire());
        assertEquals(0, rate.acquire());
        assertEquals(0, rate.acquire());
        assertEquals(TimeUnit.SECONDS.toNanos(20), rate.acquire(), "4th at t=0 waits one refill, 20 s");
        now.addAndGet(TimeUnit.SECONDS.toNanos(20));
        assertEquals(0, rate.acquire(), "t=20 s: one token back");
        assertEquals(TimeUnit.SECONDS.toNanos(20), rate.acquire(), "t=20 s: empty again");
        now.addAndGet(TimeUnit.SECONDS.toNanos(70));
        // t=90 s: 70 s of refill, capped at the bucket's 3.
        assertEquals(0, rate.acquire());
        assertEquals(0, rate.acquire());
        assertEquals(0, rate.acquire());
        assertEquals(TimeUnit.SECONDS.toNanos(20), rate.acquire());
    }

    @Test
    void refusedRequests_costNothing() {
        RateLimit rate = RateLimit.parse("2/s", now::get);
        rate.acquire();
        rate.acquire();
        for (int i = 0; i < 100; i++) {
            assertEquals(TimeUnit.MILLISECONDS.toNanos(500), rate.acquire());
        }
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertEquals(0, rate.acquire());
    }

    @Test
    void text_isNPerSecondMinuteOrHour() {
        assertEquals("50/s", RateLimit.parse(" 50 / s ", now::get).toString());
        for (String bad : new String[] {"0/s", "50", "50/d", "-1/s", "fast", "99999999999/s"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RateLimit.parse(bad, now::get));
            assertEquals("rate '" + bad + "' is not a request rate such as 50/s, 600/m or 1000/h", e.getMessage());
        }
    }
}
