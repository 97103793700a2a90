package io.plumbline.bench;

import io.plumbline.events.profile.NumericSummary;
import io.plumbline.monitor.feedback.MemoryJoinStore;
import io.plumbline.monitor.window.NumericWindow;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.UUID;

/**
 * Heap the monitor's per-feature and per-prediction state takes, measured rather than computed from
 * array lengths: the heap in use after GC before and after creating {@code n} of them, divided by
 * {@code n}.
 */
final class HeapFootprint {
    /**
     * The value the ground-truth join keeps for one demo prediction: format and kind bytes, version "1"
     * and label "sun" as modified UTF-8 (2 length bytes each), the time (8), the output count (4), five
     * probabilities as doubles (40), the segment count (1).
     */
    static final int DEMO_JOIN_VALUE_BYTES = 2 + 3 + 8 + 4 + 40 + 5 + 1;

    private HeapFootprint() {
    }

    /**
     * Issue 5's memory of one numeric feature's window on one reference profile (which all windows share,
     * as a monitor's windows do). Everything a window allocates for itself counts: object header and
     * fields, the counts array, any copy of the edges, the violation counters.
     */
    static double bytesPerWindow(NumericSummary reference, int n) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        // The holder array is allocated before the baseline, so only the windows are in the difference.
        NumericWindow[] windows = new NumericWindow[n];
        long before = usedAfterGc(memory);
        for (int i = 0; i < n; i++) {
            windows[i] = new NumericWindow("x", reference);
        }
        long after = usedAfterGc(memory);
        Reference.reachabilityFence(windows);
        return (after - before) / (double) n;
    }

    /**
     * The embedded monitor's join store per prediction it keeps for its ground truth (key: the model
     * name, a NUL and a random UUID request id, as serving gives a call without an id; value:
     * {@link #DEMO_JOIN_VALUE_BYTES}), with {@code n} entries in a store of that capacity: its index and
     * expiry heap included, as they grow with it.
     */
    static double bytesPerJoinEntry(int n) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        MemoryJoinStore store = new MemoryJoinStore(n);
        for (int i = 0; i < n; i++) {
            store.put("weather\u0000" + UUID.randomUUID(), new byte[DEMO_JOIN_VALUE_BYTES], 1_000L + i / 1_000);
        }
        long after = usedAfterGc(memory);
        Reference.reachabilityFence(store);
        return (after - before) / (double) n;
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        // Several collections: one may leave floating garbage (G1 finishes a cycle in the next).
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
