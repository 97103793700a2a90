package io.plumbline.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of a JVM's threads by what they do, read from {@code /proc/PID/task/TID/comm} and {@code stat}
 * (the kernel keeps 15 characters of a thread name). Linux only; elsewhere nothing is measured. The JIT
 * warm-up watches the compiler threads; the load points split the server's CPU per request by area.
 */
final class ThreadCpu {
    /** {@code USER_HZ}: /proc counts CPU time in ticks of 1/100 s on every Linux architecture the JDK runs on. */
    static final double TICKS_PER_SECOND = 100;
    static final String COMPILER = "JIT compiler";

    private ThreadCpu() {
    }

    /** The area of a thread, from its (possibly cut) name: one of {@link ServerCpu#AREAS}. */
    static String area(String comm) {
        String name = comm.trim();
        if (name.startsWith("default-eventLo") || name.startsWith("default-nioEven")) {
            return "HTTP event loops";
        }
        if (name.startsWith("grpc-nio-worker") || name.startsWith("grpc-default-wo")) {
            return "gRPC event loops";
        }
        if (name.startsWith("batcher-")) {
            return "batchers";
        }
        if (name.startsWith("plumbline-embed")) {
            return "embedded monitor";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "garbage collector";
        }
        if (name.contains("CompilerThre")) {
            return COMPILER;
        }
        return "other";
    }

    /** @return every thread's user + system ticks summed by {@link #area}; empty when /proc cannot be read */
    static Map<String, Long> byArea(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        Map<String, Long> sums = new TreeMap<>();
        if (!Files.isDirectory(tasks)) {
            return sums;
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) threads::iterator) {
                try {
                    String area = area(Files.readString(t.resolve("comm")));
                    sums.merge(area, cpuTicks(Files.readString(t.resolve("stat"))), Long::sum);
                } catch (IOException e) {
                    // The thread ended between the listing and the read (HotSpot stops idle compiler threads).
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // The listing failed (its iterator throws unchecked): nothing measured rather than a failed run.
            sums.clear();
        }
        return sums;
    }

    /**
     * What each area spent between two readings. A thread that ended in between takes its ticks with it,
     * so an area may read less than it spent (never more); areas that went down are left out.
     */
    static Map<String, Long> spent(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> spent = new LinkedHashMap<>();
        after.forEach((area, ticks) -> {
            long d = ticks - before.getOrDefault(area, 0L);
            if (d > 0) {
                spent.put(area, d);
            }
        });
        return spent;
    }

    /** @return the compiler threads' user + system time in ticks, or empty when /proc cannot be read */
    static OptionalLong compilerTicks(long pid) {
        Map<String, Long> areas = byArea(pid);
        return areas.isEmpty() ? OptionalLong.empty() : OptionalLong.of(areas.getOrDefault(COMPILER, 0L));
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
