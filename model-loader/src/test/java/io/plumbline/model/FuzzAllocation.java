package io.plumbline.model;

import java.lang.management.ManagementFactory;

/**
 * The fuzz targets' allocation bound: the bytes this thread allocated while reading one input,
 * measured on a second reading (the first may load, and when fuzzing instrument, classes: an
 * allocation no input causes twice).
 * A YAML file of n bytes may cost a few hundred bytes per input byte in parse nodes; far more
 * than that (an alias bomb, a length taken from the input) is a finding. The HotSpot counter is
 * exact per thread and costs nothing to read.
 */
final class FuzzAllocation {
    static final long BASE = 16L << 20;
    static final long PER_INPUT_BYTE = 4096;

    static {
        // Class loading and SnakeYAML's first-use work belong to no input: pay them before measuring.
        try {
            ManifestReader.read(new java.io.ByteArrayInputStream("inputs: [{name: x, datatype: FP32, shape: [1]}]\n"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)), "warm-up");
            AliasesReader.read(new java.io.ByteArrayInputStream("production: 1\n".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)), "warm-up");
        } catch (ModelLoadException e) {
            throw new IllegalStateException(e);
        }
    }

    private FuzzAllocation() {
    }

    /** Runs {@code read} twice and fails when the second run allocated more than the input allows. */
    static void check(int inputLength, Runnable read) {
        read.run();
        long before = allocated();
        read.run();
        requireBounded(before, inputLength);
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static void requireBounded(long before, int inputLength) {
        long used = allocated() - before;
        long bound = BASE + PER_INPUT_BYTE * inputLength;
        if (used > bound) {
            throw new AssertionError("reading " + inputLength + " bytes allocated " + used + " bytes (bound " + bound + ")");
        }
    }
}
