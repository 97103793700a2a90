package io.plumbline.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The warm-up's stopping rule on scripted compiler times, and the /proc reading it relies on. */
class JitWarmupTest {
    private final PrintStream log = new PrintStream(new ByteArrayOutputStream());

    /** Compiler ticks used in each 3 s slice (300 ticks = one core for the whole slice); 5 % is 15 ticks. */
    private JitWarmup.Result warm(long... perSlice) throws Exception {
        long[] total = {0};
        int[] slice = {0};
        List<Integer> seconds = new ArrayList<>();
        long[] clock = {0};
        JitWarmup.Result r = JitWarmup.run("s", () -> total[0], () -> clock[0], secs -> {
            seconds.add(secs);
            clock[0] += secs * 1_000_000_000L;
            total[0] += perSlice[slice[0]++];
        }, log);
        assertEquals(r.seconds(), seconds.stream().mapToInt(Integer::intValue).sum(), "seconds of load run");
        return r;
    }

    @Test
    void stops_afterTwoQuietSlicesInARow() throws Exception {
        // Busy (66 %, 53 %, 58 %), quiet (1 %), busy again (8 %), then quiet twice: 7 slices, 21 s.
        JitWarmup.Result r = warm(197, 158, 174, 4, 24, 8, 7, 999);
        assertTrue(r.settled());
        assertEquals(21, r.seconds());
        assertEquals(7 / 300.0, r.lastShare(), 1e-12);
    }

    @Test
    void exactlyFivePercent_countsAsQuiet() throws Exception {
        assertEquals(6, warm(15, 15, 999).seconds());
    }

    @Test
    void neverQuiet_stopsAtTheLimit_andSaysSo() throws Exception {
        long[] loud = new long[JitWarmup.MAX_SLICES];
        java.util.Arrays.fill(loud, 16);
        JitWarmup.Result r = warm(loud);
        assertFalse(r.settled());
        assertEquals(JitWarmup.MAX_SLICES * JitWarmup.SLICE_SECONDS, r.seconds());
        assertTrue(r.describe().contains("NOT quiet"), r.describe());
    }

    @Test
    void aServerThatExits_isAnError() {
        long[] ticks = {0, -1};
        int[] i = {0};
        assertThrows(IllegalStateException.class, () -> JitWarmup.run("s", () -> ticks[Math.min(i[0]++, 1)],
                System::nanoTime, secs -> { }, log));
    }

    @Test
    void statLine_utimePlusStime_countedFromTheLastParenthesis() {
        // A real /proc/PID/task/TID/stat line of a C2 compiler thread (Linux 6.x), its name given a ") (" to
        // show why fields are counted from the last parenthesis: utime 1234, stime 56.
        String stat = "4242 (C2 Compiler) (x) S 1 4240 4240 0 -1 4194368 9141 0 0 0 1234 56 0 0 20 0 42 0 "
                + "100 4023456000 70000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 -1 1 0 0 0 0 0";
        assertEquals(1290, ThreadCpu.cpuTicks(stat));
    }

    @Test
    void thisJvm_hasCompilerThreadsWithCpuTime() {
        OptionalLong ticks = ThreadCpu.compilerTicks(ProcessHandle.current().pid());
        assertTrue(ticks.isPresent(), "CI and the bench run on Linux");
        assertTrue(ticks.getAsLong() > 0, "the JIT has compiled something by now: " + ticks);
    }
}
