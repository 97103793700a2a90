package io.plumbline.monitor.window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The most frequent categories a reference never saw, in bounded memory: a Misra–Gries summary of at most
 * {@link #CAPACITY} counters (Misra and Gries, "Finding repeated elements", 1982).
 *
 * <p>Algorithm: a value already kept gains one; a new value takes a free counter; when all
 * {@code k = CAPACITY} counters are taken, every counter loses one (those at zero are freed) and the new
 * value is dropped. Each decrement step removes {@code k + 1} units (one per counter and the dropped
 * value), so with {@code U} unseen values counted and kept counters summing to {@code S}, at most
 * {@code (U - S) / (k + 1)} steps happened. Hence, for every value, {@code true - (U - S)/(k+1) <= kept
 * <= true} ({@link #errorBound()}): a value seen more than {@code U / (k + 1)} times is always kept, and
 * with {@code k = 40} a reported count is at most 2.4% of the window's unseen values below the truth.
 * Merging follows Agarwal et al., "Mergeable summaries" (2012): add counters by value, then subtract the
 * {@code (k+1)}-th largest from all and free those at or below zero; the same bound holds for the merged
 * stream.
 *
 * <p>Memory: at most {@code k} entries of names up to {@link #MAX_NAME} chars (longer names are cut there,
 * so two long names sharing a prefix count together): about 40 × (256 + 64) bytes at most. Only the
 * update of an unseen value touches it; a window of known categories never allocates here.
 */
final class UnseenSketch {
    /** Counters kept: four times the {@link #TOP} values reported, so the top ones are rarely evicted. */
    static final int CAPACITY = 40;
    /** Values the reports list. */
    static final int TOP = 10;
    /** Longest name kept, in chars. */
    static final int MAX_NAME = 128;

    private final int capacity;
    private final Map<String, long[]> counters;
    private long total;

    UnseenSketch() {
        this(CAPACITY);
    }

    UnseenSketch(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        this.counters = new HashMap<>(capacity * 2);
    }

    /** Counts one occurrence of {@code value}. */
    void add(String value) {
        String name = value.length() > MAX_NAME ? value.substring(0, MAX_NAME) : value;
        total++;
        long[] c = counters.get(name);
        if (c != null) {
            c[0]++;
        } else if (counters.size() < capacity) {
            counters.put(name, new long[] {1});
        } else {
            // The decrement step: k counters and the new value each lose one unit.
            for (Iterator<long[]> it = counters.values().iterator(); it.hasNext(); ) {
                if (--it.next()[0] == 0) {
                    it.remove();
                }
            }
        }
    }

    /** Adds another sketch's counters (Agarwal et al.'s merge). */
    void merge(UnseenSketch other) {
        long before = total;
        for (Map.Entry<String, long[]> e : other.counters.entrySet()) {
            long[] c = counters.get(e.getKey());
            if (c == null) {
                counters.put(e.getKey(), new long[] {e.getValue()[0]});
            } else {
                c[0] += e.getValue()[0];
            }
        }
        total = before + other.total;
        prune();
    }

    /** Restores kept counters and the total exactly as stored ({@link WindowCodec}). */
    void restore(String value, long n) {
        counters.merge(value, new long[] {n}, (a, b) -> {
            a[0] += b[0];
            return a;
        });
    }

    void restoreTotal(long n) {
        total += n;
    }

    /** Keeps the {@code capacity} largest counters minus the next largest: the step that bounds memory. */
    private void prune() {
        if (counters.size() <= capacity) {
            return;
        }
        long[] values = new long[counters.size()];
        int i = 0;
        for (long[] c : counters.values()) {
            values[i++] = c[0];
        }
        Arrays.sort(values);
        long cut = values[values.length - 1 - capacity];
        for (Iterator<long[]> it = counters.values().iterator(); it.hasNext(); ) {
            long[] v = it.next();
            v[0] -= cut;
            if (v[0] <= 0) {
                it.remove();
            }
        }
    }

    void reset() {
        counters.clear();
        total = 0;
    }

    /** Unseen values counted (the true total, not an estimate). */
    long total() {
        return total;
    }

    /** How far below its true count any reported count may be: {@code (U - S) / (k + 1)}, rounded down. */
    long errorBound() {
        long kept = 0;
        for (long[] c : counters.values()) {
            kept += c[0];
        }
        return (total - kept) / (capacity + 1);
    }

    /** Kept values by count, largest first, ties by name; at most {@code limit}. */
    List<Map.Entry<String, Long>> top(int limit) {
        List<Map.Entry<String, Long>> all = new ArrayList<>(counters.size());
        counters.forEach((k, v) -> all.add(Map.entry(k, v[0])));
        all.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
    }

    /** Every kept counter, for the codec. */
    Map<String, long[]> counters() {
        return counters;
    }
}
