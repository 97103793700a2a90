package io.plumbline.bench.load;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Warms a server up until its JIT compiler has gone quiet, instead of for a fixed time: load in slices of
 * {@value #SLICE_SECONDS} s until the compiler threads used at most {@value #QUIET_PERCENT} % of a core in
 * {@value #QUIET_SLICES} slices in a row, at most {@value #MAX_SLICES} slices. A fixed warm-up measured the
 * compiler rather than the server: on 2 shared cores the Kafka-sink server needed about 35 s of c=32 load
 * before its compiler threads fell from two thirds of a core to nothing, and its rate rose from 3,000 to
 * 21,000 req/s over that time, while the sink-none server was warm within 10 s. A path with more code
 * (an event sink, a tracer) looked slower by as much as it was still being compiled.
 */
public final class JitWarmup {
    static final int SLICE_SECONDS = 3;
    static final int QUIET_PERCENT = 5;
    static final int QUIET_SLICES = 2;
    static final int MAX_SLICES = 30;
    /** Where the compiler cannot be watched (no /proc): a fixed warm-up, as before. */
    static final int FALLBACK_SLICES = 5;

    /** One slice of load on the server being warmed. */
    @FunctionalInterface
    interface Slice {
        void run(int seconds) throws Exception;
    }

    /**
     * @param seconds wall time spent warming (the slices' measured lengths)
     * @param lastShare the compiler threads' share of a core in the last slice (NaN: not measured)
     * @param settled true when the compiler went quiet, false when the slices ran out or it was not measured
     */
    public record Result(String server, int seconds, double lastShare, boolean settled) {
        public String describe() {
            if (Double.isNaN(lastShare)) {
                return String.format(Locale.ROOT, "%s %d s (compiler not measured: no /proc)", server, seconds);
            }
            return String.format(Locale.ROOT, "%s %d s (%s; compiler threads %.1f %% of a core in the last slice)",
                    server, seconds, settled ? "compiler quiet" : "NOT quiet, stopped at the limit",
                    100 * lastShare);
        }
    }

    private JitWarmup() {
    }

    /**
     * Warms the server with process id {@code pid}, printing each slice. Seconds and the compiler's share are
     * taken from each slice's measured length (a slice may run a little more or less than asked).
     */
    static Result run(String server, long pid, Slice slice, PrintStream log) throws Exception {
        OptionalLong first = ThreadCpu.compilerTicks(pid);
        if (first.isEmpty()) {
            for (int i = 0; i < FALLBACK_SLICES; i++) {
                slice.run(SLICE_SECONDS);
            }
            return new Result(server, FALLBACK_SLICES * SLICE_SECONDS, Double.NaN, false);
        }
        return run(server, () -> ThreadCpu.compilerTicks(pid).orElse(-1), System::nanoTime, slice, log);
    }

    /**
     * @param ticks the compiler threads' CPU ticks so far (negative: the process is gone)
     * @param nanos the clock a slice's length is read from (a slice may run a little more or less than asked)
     */
    static Result run(String server, LongSupplier ticks, LongSupplier nanos, Slice slice, PrintStream log)
            throws Exception {
        int quiet = 0;
        double share = Double.NaN;
        double total = 0;
        long before = ticks.getAsLong();
        for (int i = 1; i <= MAX_SLICES; i++) {
            long start = nanos.getAsLong();
            slice.run(SLICE_SECONDS);
            double seconds = Math.max(1e-3, (nanos.getAsLong() - start) / 1e9);
            total += seconds;
            long after = ticks.getAsLong();
            if (after < 0) {
                throw new IllegalStateException(server + " exited during its warm-up");
            }
            share = (after - before) / ThreadCpu.TICKS_PER_SECOND / seconds;
            before = after;
            quiet = share * 100 <= QUIET_PERCENT ? quiet + 1 : 0;
            log.printf(Locale.ROOT, "    warm-up %s: %.0f s, compiler threads %.0f %% of a core%n", server, total,
                    100 * share);
            if (quiet >= QUIET_SLICES) {
                return new Result(server, (int) Math.round(total), share, true);
            }
        }
        return new Result(server, (int) Math.round(total), share, false);
    }

    /** One sentence for RESULTS.md naming each server's warm-up. */
    public static String describe(List<Result> results) {
        return "JIT warm-up before the rounds, each server under the stage's load in " + SLICE_SECONDS
                + " s slices until its compiler threads used at most " + QUIET_PERCENT + " % of a core in "
                + QUIET_SLICES + " slices in a row (at most " + MAX_SLICES * SLICE_SECONDS + " s): "
                + results.stream().map(Result::describe).collect(Collectors.joining("; ")) + ".";
    }
}
