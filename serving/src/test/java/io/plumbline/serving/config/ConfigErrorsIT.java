package io.plumbline.serving.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.testing.ChildProcess;
import io.plumbline.testing.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar with a value it cannot use: exit code 1 and one line naming the key, the value and an
 * example; no stack trace. Before, {@code PLUMBLINE_MONITOR_WINDOW_SIZE=5} started with 5-minute windows
 * and a negative grace period printed 36 lines of stack trace. A misspelled variable is warned about with
 * the closest known name.
 */
class ConfigErrorsIT {
    private static final Path JAR = Path.of("target", "plumbline-serving.jar").toAbsolutePath();

    @TempDir
    Path tmp;

    private List<String> refused(Map<String, String> env) throws Exception {
        int[] ports = FreePorts.loopback(2);
        Map<String, String> all = new HashMap<>(env);
        all.put("PLUMBLINE_REGISTRY_URI", "file:" + Files.createDirectories(tmp.resolve("models")));
        all.put("MICRONAUT_SERVER_PORT", Integer.toString(ports[0]));
        all.put("GRPC_SERVER_PORT", Integer.toString(ports[1]));
        try (ChildProcess p = ChildProcess.start("serving", ChildProcess.java("-jar", JAR.toString()), all, tmp,
                tmp.resolve("serving.log"))) {
            assertEquals(1, p.await(Duration.ofSeconds(90)), p.tail(60));
            List<String> lines = Files.readAllLines(p.log(), StandardCharsets.UTF_8);
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")
                    || l.startsWith("Message:")), "no stack trace:\n" + p.tail(60));
            assertTrue(lines.stream().noneMatch(l -> l.contains("Startup completed")), p.tail(60));
            return lines;
        }
    }

    private static List<String> after(List<String> lines, String level, String start) {
        return lines.stream().filter(l -> l.contains(" " + level + " ") && l.contains(start))
                .map(l -> l.substring(l.indexOf(start))).toList();
    }

    @Test
    void aDurationWithoutAUnit_endsTheStartWithOneLine() throws Exception {
        List<String> lines = refused(Map.of("PLUMBLINE_MONITOR_WINDOW_SIZE", "5"));
        String expected = "Not starting: plumbline.monitor.window.size '5' is not a duration (a number and a unit: "
                + "ms, s, m, h or d; or ISO-8601 such as PT10S); for example 5m (PLUMBLINE_MONITOR_WINDOW_SIZE=5m)";
        assertEquals(List.of(expected), after(lines, "ERROR", "Not starting"));
        assertEquals(1, lines.stream().filter(l -> l.contains(" ERROR ")).count(), String.join("\n", lines));
        // The README's Configuration section quotes this line: it must stay what the jar prints.
        String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(readme.contains("ERROR i.p.serving.Application - " + expected), "README.md quotes: " + expected);
    }

    @Test
    void aNegativeDuration_endsTheStartWithOneLine_andATypoIsWarned() throws Exception {
        List<String> lines = refused(Map.of("PLUMBLINE_SHUTDOWN_GRACE_PERIOD", "-5s",
                "PLUMBLINE_REGISTRY_POLL_INTERVALL", "30s"));
        assertEquals(List.of("Not starting: plumbline.shutdown.grace-period '-5s' must be a duration of 0 or more; "
                + "for example 5s (PLUMBLINE_SHUTDOWN_GRACE_PERIOD=5s)"), after(lines, "ERROR", "Not starting"));
        assertEquals(List.of("Unknown environment variable PLUMBLINE_REGISTRY_POLL_INTERVALL is ignored: no such "
                + "setting; did you mean PLUMBLINE_REGISTRY_POLL_INTERVAL?"), after(lines, "WARN", "Unknown"));
    }

    @Test
    void aWordForANumber_endsTheStartWithOneLine() throws Exception {
        assertEquals(List.of("Not starting: plumbline.batching.max-batch-size 'lots' is not a whole number; for "
                + "example 32 (PLUMBLINE_BATCHING_MAX_BATCH_SIZE=32)"),
                after(refused(Map.of("PLUMBLINE_BATCHING_MAX_BATCH_SIZE", "lots")), "ERROR", "Not starting"));
    }

    @Test
    void anUnknownEventFormat_endsTheStartWithOneLine() throws Exception {
        assertEquals(List.of("Not starting: plumbline.events.format 'protobuf' is not one of json, binary; for "
                + "example json (PLUMBLINE_EVENTS_FORMAT=json)"),
                after(refused(Map.of("PLUMBLINE_EVENTS_FORMAT", "protobuf")), "ERROR", "Not starting"));
    }
}
