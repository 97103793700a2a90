package io.plumbline.monitor.webhook;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How hard a delivery tries: at most {@code maxAttempts} POSTs, each with {@code timeout}; before retry
 * {@code k} (1-based) it waits {@code min(maxBackoff, initialBackoff * 2^(k-1))}, half fixed and half
 * random ("equal jitter", so receivers recovering from an outage are not hit by every monitor at once).
 * The waits of one delivery thus total at most about {@code maxAttempts * maxBackoff}.
 *
 * @param queueCapacity deliveries waiting or backing off before new ones are dropped (and counted)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration timeout,
        int queueCapacity) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be >= 1, was " + maxAttempts);
        }
        if (initialBackoff == null || initialBackoff.isNegative() || maxBackoff == null
                || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must satisfy 0 <= initial <= max, were " + initialBackoff
                    + " and " + maxBackoff);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be >= 1, was " + queueCapacity);
        }
    }

    /** 5 attempts, 1 s doubling to at most 1 min, 10 s per attempt, 1000 queued deliveries. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(10), 1000);
    }

    /** The wait before retry {@code retry} (1 = the first retry). */
    public Duration backoff(int retry, RandomGenerator random) {
        long base = initialBackoff.toMillis();
        long capped = maxBackoff.toMillis();
        long wait = retry >= 31 ? capped : Math.min(capped, base << Math.min(retry - 1, 30));
        long half = wait / 2;
        return Duration.ofMillis(half + (wait - half == 0 ? 0 : random.nextLong(wait - half + 1)));
    }
}
