package io.plumbline.bench.stage;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The wall-clock time of each stage of one run, in the order run, and of the whole run since this was
 * made. The clock is injected ({@code System::nanoTime} in the bench) so the bookkeeping is testable.
 */
public final class StageTimes {
    /** One stage and how long it took. */
    public record Entry(String stage, Duration elapsed) {
    }

    /** A stage's work. */
    public interface Work<T> {
        T run() throws Exception;
    }

    private final LongSupplier nanoTime;
    private final PrintStream log;
    private final long started;
    private final List<Entry> entries = new ArrayList<>();

    public StageTimes(LongSupplier nanoTime, PrintStream log) {
        this.nanoTime = nanoTime;
        this.log = log;
        this.started = nanoTime.getAsLong();
    }

    /** Runs one stage, then prints and records its elapsed time (a stage that throws ends the run: not recorded). */
    public <T> T time(String stage, Work<T> work) throws Exception {
        long start = nanoTime.getAsLong();
        T result = work.run();
        Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - start);
        entries.add(new Entry(stage, elapsed));
        log.println("  (" + stage + ": " + format(elapsed) + ")");
        return result;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Since this object was made: every stage plus what ran between them (building inputs, writing results). */
    public Duration total() {
        return Duration.ofNanos(nanoTime.getAsLong() - started);
    }

    /** {@code 42 s}, or {@code 3 min 05 s}. */
    public static String format(Duration d) {
        long s = Math.round(d.toMillis() / 1000.0);
        return s < 60 ? s + " s" : String.format("%d min %02d s", s / 60, s % 60);
    }
}
