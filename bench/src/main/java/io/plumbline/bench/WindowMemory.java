package io.plumbline.bench;

import io.plumbline.events.profile.NumericSummary;
import io.plumbline.monitor.window.NumericWindow;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;

/**
 * Issue 5's memory of one numeric feature's window, measured rather than computed from an array
 * length: the heap in use after GC before and after creating {@code n} windows on one reference
 * profile (which all windows share, as a monitor's windows do), divided by {@code n}. Everything a
 * window allocates for itself counts: object header and fields, the counts array, any copy of the
 * edges, the violation counters.
 */
final class WindowMemory {
    private WindowMemory() {
    }

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

    private static long usedAfterGc(MemoryMXBean memory) {
        // Several collections: one may leave floating garbage (G1 finishes a cycle in the next).
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
