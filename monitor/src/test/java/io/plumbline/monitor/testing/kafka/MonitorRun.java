package io.plumbline.monitor.testing.kafka;

import io.plumbline.testing.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code plumbline-monitor.jar run} as a child JVM: the CLI's main class on this module's class path (what
 * the shaded jar holds; the jar itself is built after these tests run), with its own logging configuration,
 * environment and arguments, its output in {@code monitor.log} under {@code dir}.
 */
public final class MonitorRun {
    private MonitorRun() {
    }

    public static ChildProcess start(Path dir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(ChildProcess.java("-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.plumbline.monitor.cli.Main", "run"));
        command.addAll(List.of(args));
        return ChildProcess.start("monitor", command, env, dir, dir.resolve("monitor.log"));
    }

    /** Its output so far, line by line. */
    public static List<String> lines(ChildProcess p) {
        try {
            return Files.exists(p.log()) ? Files.readAllLines(p.log(), StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
