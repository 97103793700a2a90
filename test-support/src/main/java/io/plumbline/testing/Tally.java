package io.plumbline.testing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every request a load test sent, kept with its outcome future, and whether it was sent before or
 * after the readiness probe first saw "not ready". Outcomes are the client's own: {@code "ok"}, a
 * status, or the exception's class; a request is counted only once its future is done.
 */
public final class Tally {
    public static final String OK = "ok";

    private record Sent(boolean afterNotReady, CompletableFuture<String> outcome) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    /** Keeps the request; {@code outcome} must complete normally, with {@link #OK} or what went wrong. */
    public void add(boolean afterNotReady, CompletableFuture<String> outcome) {
        sent.add(new Sent(afterNotReady, outcome));
    }

    /** Outcome counts, waiting for every request's outcome first. */
    public Map<String, Integer> counts(boolean afterNotReady) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Sent s : sent) {
            if (s.afterNotReady() == afterNotReady) {
                counts.merge(s.outcome().join(), 1, Integer::sum);
            }
        }
        return counts;
    }

    public int ok(boolean afterNotReady) {
        return counts(afterNotReady).getOrDefault(OK, 0);
    }

    public int failed(boolean afterNotReady) {
        return counts(afterNotReady).entrySet().stream().filter(e -> !e.getKey().equals(OK))
                .mapToInt(Map.Entry::getValue).sum();
    }

    public int okSoFar() {
        return (int) sent.stream().filter(s -> s.outcome().isDone() && OK.equals(s.outcome().join())).count();
    }

    @Override
    public String toString() {
        return "sent before readiness turned false: " + counts(false) + "; after: " + counts(true);
    }
}
