package io.plumbline.serving.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts refusals in {@code auth.failures{reason, api}} (every pair registered once, at start) and
 * logs them with the caller's name, never its key or token, at most one line per name and reason per
 * interval: a client retrying a bad key in a loop must not flood the log.
 */
final class AuthFailures {
    private static final Logger LOG = LoggerFactory.getLogger(AuthFailures.class);
    /** Beyond this many remembered (name, reason) pairs the memory is cleared: names come from tokens too. */
    private static final int MAX_REMEMBERED = 10_000;

    private final Map<Reason, Map<Api, Counter>> counters = new EnumMap<>(Reason.class);
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final long intervalNanos;
    private final LongSupplier nanoTime;

    AuthFailures(MeterRegistry registry, Duration logInterval, LongSupplier nanoTime) {
        for (Reason r : Reason.values()) {
            Map<Api, Counter> byApi = new EnumMap<>(Api.class);
            for (Api a : Api.values()) {
                byApi.put(a, Counter.builder("auth.failures").tag("reason", r.tag()).tag("api", a.wireName())
                        .description("Requests refused by authentication or authorization").register(registry));
            }
            counters.put(r, byApi);
        }
        this.intervalNanos = logInterval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Records a refusal and returns it, for {@code throw failures.record(...)}. */
    Denied record(Denied denied, Api api, String caller) {
        counters.get(denied.reason()).get(api).increment();
        String key = caller + '\n' + denied.reason();
        long now = nanoTime.getAsLong();
        Long last = lastLogged.get(key);
        if (last == null || now - last >= intervalNanos) {
            if (lastLogged.size() >= MAX_REMEMBERED) {
                lastLogged.clear();
            }
            // Two threads may both pass the check; one extra line is harmless, a lock on every refusal is not.
            lastLogged.put(key, now);
            LOG.warn("Refused {} request of {}: {} ({}; further such refusals of {} are counted in auth_failures_total, "
                    + "logged at most once a minute)", api.wireName(), caller, denied.reason().tag(),
                    denied.getMessage(), caller);
        }
        return denied;
    }
}
