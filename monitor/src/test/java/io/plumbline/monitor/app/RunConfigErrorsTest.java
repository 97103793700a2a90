package io.plumbline.monitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.monitor.testing.kafka.MonitorRun;
import io.plumbline.testing.ChildProcess;
import io.plumbline.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline-monitor.jar run} with a value it cannot use ends at once with exit code 1 and one line
 * naming the key, the value and an example; no stack trace. Before, {@code 5sec} ran with the 5-minute
 * default and a range error printed ~40 lines of stack trace.
 */
class RunConfigErrorsTest {
    @TempDir
    Path dir;

    private List<String> refused(Map<String, String> env) throws InterruptedException {
        Map<String, String> all = new java.util.HashMap<>(env);
        // A closed port: the run must end on configuration before Kafka matters.
        all.put("PLUMBLINE_MONITOR_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + FreePorts.loopback());
        try (ChildProcess p = MonitorRun.start(dir, all, "--micronaut.server.port=-1")) {
            int code = p.await(Duration.ofSeconds(60));
            assertEquals(1, code, p.tail(60));
            List<String> lines = MonitorRun.lines(p);
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")),
                    "no stack trace:\n" + p.tail(60));
            return lines;
        }
    }

    @Test
    void aMisspelledUnit_endsTheRunWithOneLine() throws Exception {
        List<String> errors = errors(refused(Map.of("PLUMBLINE_MONITOR_WINDOW_SIZE", "5sec")));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).endsWith("Not starting: plumbline.monitor.window.size '5sec' is not a duration (a "
                + "number and a unit: ms, s, m, h or d; or ISO-8601 such as PT10S); for example 5m "
                + "(PLUMBLINE_MONITOR_WINDOW_SIZE=5m)"), errors.get(0));
    }

    @Test
    void anOutOfRangeValue_endsTheRunWithOneLine_andATypoIsWarned() throws Exception {
        List<String> lines = refused(Map.of("PLUMBLINE_MONITOR_ALERT_CONSECUTIVE_WINDOWS", "0",
                "PLUMBLINE_MONITOR_WINDOW_GRACEE", "1s"));
        List<String> errors = errors(lines);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).endsWith("Not starting: plumbline.monitor.alert.consecutive-windows '0' must be 1 or "
                + "more; for example 2 (PLUMBLINE_MONITOR_ALERT_CONSECUTIVE_WINDOWS=2)"), errors.get(0));
        List<String> warnings = lines.stream().filter(l -> l.contains("Unknown environment variable")).toList();
        assertEquals(List.of("Unknown environment variable PLUMBLINE_MONITOR_WINDOW_GRACEE is ignored: no such setting; "
                + "did you mean PLUMBLINE_MONITOR_WINDOW_GRACE?"), warnings.stream()
                .map(l -> l.substring(l.indexOf("Unknown"))).toList());
    }

    private static List<String> errors(List<String> lines) {
        return lines.stream().filter(l -> l.contains(" ERROR ")).toList();
    }
}
