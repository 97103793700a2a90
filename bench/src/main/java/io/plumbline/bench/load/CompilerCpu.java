package io.plumbline.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * CPU time of a JVM's JIT compiler threads (HotSpot names them {@code C1 CompilerThreadN} and {@code C2
 * CompilerThreadN}; the kernel keeps 15 characters of a thread name), read from {@code
 * /proc/PID/task/TID/comm} and {@code stat}. Linux only; elsewhere nothing is measured.
 */
final class CompilerCpu {
    /** {@code USER_HZ}: /proc counts CPU time in ticks of 1/100 s on every Linux architecture the JDK runs on. */
    static final double TICKS_PER_SECOND = 100;
    private static final String COMPILER = "CompilerThre";

    private CompilerCpu() {
    }

    /** @return the compiler threads' user + system time in ticks, or empty when /proc cannot be read */
    static OptionalLong ticks(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return OptionalLong.empty();
        }
        long sum = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) threads::iterator) {
                try {
                    if (Files.readString(t.resolve("comm")).contains(COMPILER)) {
                        sum += cpuTicks(Files.readString(t.resolve("stat")));
                    }
                } catch (IOException e) {
                    // The thread ended between the listing and the read (HotSpot stops idle compiler threads).
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(sum);
    }

    /**
     * @param stat a {@code /proc/PID/task/TID/stat} line: {@code tid (comm) state ...}, utime and stime
     *     the 14th and 15th fields; the name may hold spaces and parentheses, so fields count from the last ')'
     */
    static long cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is the 3rd field (state): utime is the 14th, stime the 15th.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
