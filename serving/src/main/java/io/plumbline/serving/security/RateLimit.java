package io.plumbline.serving.security;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key's request rate, {@code 50/s}, {@code 600/m} or {@code 1000/h}: a token bucket holding one
 * period's worth of requests, refilled evenly. It is kept as a single timestamp (the generic cell
 * rate algorithm, GCRA): {@code tat} is when the bucket would be full again. A request at {@code now}
 * is allowed when {@code tat - now} leaves room for one more emission interval within the burst, and
 * moves {@code tat} on by one interval. One {@link AtomicLong}, so request threads never lock.
 */
final class RateLimit {
    private static final Pattern TEXT = Pattern.compile("(\\d+)\\s*/\\s*(s|m|h)");

    private final String text;
    private final long intervalNanos;
    private final long burstNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong tat;

    private RateLimit(String text, long permits, Duration period, LongSupplier nanoTime) {
        this.text = text;
        this.intervalNanos = period.toNanos() / permits;
        this.burstNanos = intervalNanos * permits;
        this.nanoTime = nanoTime;
        this.tat = new AtomicLong(nanoTime.getAsLong());
    }

    /** Parses {@code N/s}, {@code N/m} or {@code N/h} with N ≥ 1; a one-line reason otherwise. */
    static RateLimit parse(String text, LongSupplier nanoTime) {
        Matcher m = TEXT.matcher(text == null ? "" : text.trim());
        long permits = m.matches() && m.group(1).length() < 10 ? Long.parseLong(m.group(1)) : 0;
        if (permits < 1) {
            throw new IllegalArgumentException("rate '" + Scope.abbreviate(String.valueOf(text))
                    + "' is not a request rate such as 50/s, 600/m or 1000/h");
        }
        Duration period = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        return new RateLimit(permits + "/" + m.group(2), permits, period, nanoTime);
    }

    /** Takes one request's token: 0 when allowed, else the nanoseconds until one is available. */
    long acquire() {
        while (true) {
            long now = nanoTime.getAsLong();
            long current = tat.get();
            long start = Math.max(current, now);
            long next = start + intervalNanos;
            long wait = next - now - burstNanos;
            if (wait > 0) {
                return wait;
            }
            if (tat.compareAndSet(current, next)) {
                return 0;
            }
        }
    }

    /** Same rate text: a reloaded key file keeps the bucket of a key whose rate did not change. */
    boolean sameRate(RateLimit other) {
        return other != null && other.text.equals(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
