package io.plumbline.monitor.feedback;

import io.plumbline.events.FeedbackRecord;
import io.plumbline.monitor.observe.Observation;
import io.plumbline.monitor.observe.Outputs;
import io.plumbline.monitor.observe.RowSegments;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Joins ground truth to predictions by (model, request id) within a join window, whichever arrives
 * first. A prediction is kept (its numeric outputs and first categorical output, in the profile's order
 * of output features) until its time plus the window; feedback that arrives first waits until its arrival
 * plus the window. Every feedback record ends as exactly one {@link JoinOutcome}:
 * <ul>
 *   <li>matched: paired with its prediction, which is then marked labelled (kept until it would have
 *       expired) and handed on as a {@link Match};
 *   <li>duplicate: the prediction is already labelled, or another record for it is waiting;
 *   <li>late: its time is after the prediction's time plus the window;
 *   <li>unmatched: it waited the whole window and no prediction came.
 * </ul>
 * A request of several rows is labelled row by row: row {@code r} of request {@code ID} has the id
 * {@code ID#r}; a single-row request keeps its id. A prediction whose id was already seen replaces the
 * waiting one (a client reusing ids), but never one already labelled. Not thread-safe.
 */
public final class FeedbackJoin {
    private static final char SEPARATOR = '\u0000';

    private final long window;
    private final JoinStore store;
    private final FeedbackCounters counters;
    private final Consumer<Match> matches;

    public FeedbackJoin(Duration window, JoinStore store, FeedbackCounters counters, Consumer<Match> matches) {
        if (window == null || window.toMillis() < 1) {
            throw new IllegalArgumentException("the join window must be at least 1 ms, was " + window);
        }
        this.window = window.toMillis();
        this.store = store;
        this.counters = counters;
        this.matches = matches;
    }

    /** The store key of request {@code id} of {@code model}. */
    static String key(String model, String id) {
        return model + SEPARATOR + id;
    }

    /**
     * Keeps the prediction's outputs for the join window (or pairs it at once with feedback already
     * waiting). A prediction without a request id cannot be labelled and is skipped.
     *
     * @param outputs its outputs, as the window driver read them against the profile
     * @param segments its rows' segments, so a match is scored in them too
     */
    public void prediction(Observation o, Outputs outputs, RowSegments segments) {
        if (o.id().isEmpty()) {
            return;
        }
        for (int row = 0; row < o.rows(); row++) {
            String id = o.rows() == 1 ? o.id() : o.id() + "#" + row;
            keep(o.model(), id, JoinEntry.prediction(o.version(), o.timestampMillis(), outputs.numbers(row),
                    outputs.label(row), segments.of(row)));
        }
    }

    private void keep(String model, String id, JoinEntry p) {
        String key = key(model, id);
        byte[] stored = store.get(key);
        JoinEntry existing = stored == null ? null : JoinEntry.decode(stored);
        if (existing != null && existing.isMatched()) {
            return;
        }
        if (existing != null && existing.isFeedback()) {
            FeedbackRecord f = existing.feedback();
            if (f.time().toEpochMilli() > p.time() + window) {
                counters.increment(JoinOutcome.LATE);
                store.delete(key);
            } else {
                match(key, model, p, f, p.time());
            }
            return;
        }
        store.put(key, p.encode(), p.time() + window);
    }

    /** Pairs {@code f} with its prediction, or keeps it waiting until {@code now} plus the window. */
    public void feedback(FeedbackRecord f, long now) {
        String key = key(f.model(), f.requestId());
        byte[] stored = store.get(key);
        if (stored == null) {
            counters.waiting();
            store.put(key, JoinEntry.waiting(f).encode(), now + window);
            return;
        }
        JoinEntry e = JoinEntry.decode(stored);
        if (!e.isPrediction()) {
            counters.increment(JoinOutcome.DUPLICATE);
        } else if (f.time().toEpochMilli() > e.time() + window) {
            counters.increment(JoinOutcome.LATE);
        } else {
            match(key, f.model(), e, f, now);
        }
    }

    private void match(String key, String model, JoinEntry p, FeedbackRecord f, long now) {
        counters.increment(JoinOutcome.MATCHED);
        store.put(key, JoinEntry.matched(p.version(), p.time()).encode(), p.time() + window);
        matches.accept(new Match(model, p.version(), p.time(), p.outputs(), p.predictedLabel(), p.segments(), f, now));
    }

    /** Drops what the window has passed; feedback that waited in vain counts as unmatched. */
    public void expire(long now) {
        store.expire(now, (key, value) -> {
            if (JoinEntry.isFeedback(value)) {
                counters.increment(JoinOutcome.UNMATCHED);
            }
        });
    }
}
