package io.plumbline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process (a service under test) whose output goes to a log file; stopped by {@link #close()}
 * or, if the test JVM exits first, by a shutdown hook, so it never outlives the tests.
 *
 * <p>Faults are real signals to the real process: {@link #sigkill()} (SIGKILL: no shutdown hook, no
 * flush, no commit), {@link #sigterm()} (the orderly stop an orchestrator sends), {@link #sigstop()} and
 * {@link #sigcont()} (frozen and thawed: sockets stay open, nothing answers).
 */
public final class ChildProcess implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread shutdownHook;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.shutdownHook = new Thread(this::kill, name + "-shutdown");
    }

    /** Starts {@code command} in {@code workDir} with extra environment; output appended to {@code log}. */
    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
            Path log) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
        ChildProcess child = new ChildProcess(name, p, log);
        Runtime.getRuntime().addShutdownHook(child.shutdownHook);
        return child;
    }

    /**
     * {@code java} of the JVM running the tests, with its arguments. Run packaged services with
     * {@code -jar}: a JVM whose {@code java.class.path} is longer than about 4 KB can crash in ONNX
     * Runtime's native code.
     */
    public static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits for the process to exit; returns its exit code, or -1 after killing it at the timeout. */
    public int await(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        kill();
        return -1;
    }

    /**
     * SIGKILL, as a crash or the OOM killer would: the process gets no chance to flush, commit or run
     * shutdown hooks. Returns once it has exited.
     */
    public void sigkill() {
        process.destroyForcibly();
        awaitExit("SIGKILL");
    }

    /** SIGTERM, as an orchestrator stops a service; returns its exit code once it has exited. */
    public int sigterm() {
        process.destroy();
        awaitExit("SIGTERM");
        return process.exitValue();
    }

    /** SIGTERM without waiting: for tests that watch what the process does while it stops. */
    public void sigtermNoWait() {
        process.destroy();
    }

    /** SIGSTOP: the process is frozen (its sockets stay open, nothing answers) until {@link #sigcont()}. */
    public void sigstop() {
        signal("STOP");
    }

    /** SIGCONT: a process frozen by {@link #sigstop()} runs again. */
    public void sigcont() {
        signal("CONT");
    }

    /** The last lines of its output, to quote in failure messages. */
    public String tail(int lines) {
        try {
            if (!Files.exists(log)) {
                return "(" + name + " wrote no output)";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return "--- last " + last.size() + " lines of " + name + " (" + log + ") ---\n" + String.join("\n", last);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Asks it to stop (SIGTERM), then kills it if it has not exited in time. */
    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook is running or has run.
        }
    }

    private void signal(String signal) {
        if (!process.isAlive()) {
            throw new IllegalStateException(this + " has exited; cannot send SIG" + signal);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
                    .redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!kill.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to " + this, e);
        }
    }

    private void awaitExit(String signal) {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(this + " did not exit within " + STOP_TIMEOUT.toSeconds()
                        + " s of " + signal);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + this + " to exit", e);
        }
    }

    private void kill() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + process.pid() + "]";
    }
}
