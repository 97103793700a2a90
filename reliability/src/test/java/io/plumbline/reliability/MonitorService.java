package io.plumbline.reliability;

import static org.junit.jupiter.api.Assertions.fail;

import io.plumbline.testing.ChildProcess;
import io.plumbline.testing.Directories;
import io.plumbline.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The packaged drift monitor ({@code java -jar monitor/target/plumbline-monitor.jar run}) as a child
 * process that can be killed and started again: each start is a new JVM on a new HTTP port, with the
 * same environment, arguments and state directory, as a supervisor would restart it. Logs go to
 * {@code monitor-<n>.log} in the scenario's directory.
 */
final class MonitorService implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jar;
    private final Path dir;
    private final Map<String, String> env;
    private final List<String> args;
    private ChildProcess process;
    private int port;
    private int starts;

    MonitorService(Path dir, Map<String, String> env, List<String> args) {
        this.jar = Repo.jar("monitor/target/plumbline-monitor.jar");
        this.dir = dir;
        this.env = Map.copyOf(env);
        this.args = List.copyOf(args);
    }

    /** Starts a new monitor JVM and waits until its Kafka Streams client is RUNNING. */
    MonitorService start() {
        port = FreePorts.loopback();
        List<String> command = new ArrayList<>(ChildProcess.java("-Xmx384m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString(), "run"));
        command.add("--micronaut.server.port=" + port);
        command.addAll(args);
        starts++;
        process = ChildProcess.start("monitor-" + starts, command, env, dir, dir.resolve("monitor-" + starts + ".log"));
        await("Kafka Streams RUNNING on " + url("/health"), START_TIMEOUT,
                () -> get("/health").contains("\"state\":\"RUNNING\""));
        return this;
    }

    /** SIGKILL: no shutdown hook, no commit, no close of the Kafka clients. */
    void sigkill() {
        process.sigkill();
    }

    int starts() {
        return starts;
    }

    /**
     * The value of the first sample of metric {@code name} whose labels contain {@code labels} on the
     * running instance ({@code /prometheus}); 0 when there is none. The monitor's own counters: used to
     * pace a scenario and as a cross-check, never as its only count.
     */
    double metric(String name, String labels) {
        for (String line : get("/prometheus").lines().toList()) {
            if (line.startsWith(name + "{") && line.contains(labels)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** The value of metric {@code name} (one sample, with or without labels); 0 when there is none. */
    double metric(String name) {
        for (String line : get("/prometheus").lines().toList()) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** {@code monitor_events_total} of the running instance by outcome, for notes. */
    String eventOutcomes() {
        StringBuilder s = new StringBuilder();
        for (String outcome : List.of("ok", "late", "unknown_model", "invalid")) {
            s.append(s.length() == 0 ? "" : ", ").append(outcome).append(' ')
                    .append((long) metric("monitor_events_total", "outcome=\"" + outcome + "\""));
        }
        return s.toString();
    }

    /** Waits for {@code condition}, failing at once (with the log) if the monitor exits meanwhile. */
    void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
            if (!process.alive()) {
                fail(process.name() + " exited while waiting for " + what + "\n" + process.tail(60));
            }
            if (System.nanoTime() > deadline) {
                fail("no " + what + " after " + timeout.toSeconds() + " s" + (last == null ? "" : " (last error: "
                        + last + ")") + "\n" + process.tail(60));
            }
            pause(Duration.ofMillis(200));
        }
    }

    String tail(int lines) {
        return process == null ? "(monitor never started)" : process.tail(lines);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private String get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the running instance (SIGTERM, then SIGKILL if it does not exit). */
    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }

    /** Where the logs are: a directory a failing run keeps. */
    Path dir() {
        return dir;
    }

    /** {@code target/reliability/<name>/}, emptied: the scenario's logs and the monitor's state. */
    static Path scenarioDir(String name) throws IOException {
        Path d = Repo.output().resolve(name);
        Directories.deleteRecursively(d);
        return Files.createDirectories(d);
    }

    /**
     * A reference profile made by the shipped tool: {@code plumbline-monitor.jar profile} over
     * {@code rows} rows of {@code traffic}'s reference distribution; returns the profile's JSON.
     */
    static byte[] profile(Path dir, Traffic traffic, int rows) throws IOException, InterruptedException {
        Path csv = traffic.referenceCsv(dir.resolve("reference.csv"), rows);
        Path out = dir.resolve("reference-profile.json");
        try (ChildProcess p = ChildProcess.start("profile", ChildProcess.java("-Xmx256m", "-jar",
                Repo.jar("monitor/target/plumbline-monitor.jar").toString(), "profile", "--data", csv.toString(),
                "--out", out.toString()), Map.of(), dir, dir.resolve("profile.log"))) {
            int code = p.await(Duration.ofSeconds(120));
            if (code != 0) {
                fail("plumbline-monitor.jar profile exited " + code + "\n" + p.tail(30));
            }
        }
        return Files.readAllBytes(out);
    }
}
