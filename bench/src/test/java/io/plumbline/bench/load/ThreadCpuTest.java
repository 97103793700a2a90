package io.plumbline.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Threads sorted into areas by the names a running server's threads have in /proc (cut to 15 characters). */
class ThreadCpuTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "default-eventLo|HTTP event loops",
        "grpc-nio-worker|gRPC event loops",
        "batcher-weather|batchers",
        "batcher-mlp/1-0|batchers",
        "plumbline-embed|embedded monitor",
        "GC Thread#0|garbage collector",
        "G1 Conc#0|garbage collector",
        "G1 Refine#0|garbage collector",
        "C2 CompilerThre|JIT compiler",
        "C1 CompilerThre|JIT compiler",
        "VM Thread|other",
        "grpc-nio-boss-E|other"})
    void areaOfAServerThread(String comm, String area) {
        assertEquals(area, ThreadCpu.area(comm + "\n"));
        assertTrue(ServerCpu.AREAS.contains(area), area);
    }

    @Test
    void spent_isTheIncreasePerArea_andLeavesOutAreasThatLostAnEndedThread() {
        Map<String, Long> before = Map.of("batchers", 100L, "JIT compiler", 50L, "other", 10L);
        Map<String, Long> after = Map.of("batchers", 160L, "JIT compiler", 40L, "other", 10L, "embedded monitor", 7L);
        assertEquals(Map.of("batchers", 60L, "embedded monitor", 7L), ThreadCpu.spent(before, after));
    }

    @Test
    void perRequest_isTicksOverRequests_inMicroseconds() {
        // 150 ticks = 1.5 s of CPU over 50,000 requests: 30 us each; 100 of them in batchers: 20 us.
        ServerCpu cpu = new ServerCpu("x", 32, 50_000, Map.of("batchers", 100L, "other", 50L), true);
        assertEquals(30.0, cpu.totalMicros(), 1e-9);
        assertEquals(20.0, cpu.micros("batchers"), 1e-9);
        assertEquals(0.0, cpu.micros("garbage collector"), 1e-9);
    }

    @Test
    void thisJvm_spendsCpuInSomeArea() {
        assumeTrue(Files.isDirectory(Path.of("/proc")), "Linux only: CI and the bench run on Linux");
        Map<String, Long> areas = ThreadCpu.byArea(ProcessHandle.current().pid());
        assertTrue(areas.values().stream().mapToLong(Long::longValue).sum() > 0, areas.toString());
    }
}
