package io.plumbline.monitor.drift;

/** Small helpers over count vectors. */
final class Counts {
    private Counts() {
    }

    static long sum(long[] counts) {
        long s = 0;
        for (long c : counts) {
            s += c;
        }
        return s;
    }
}
