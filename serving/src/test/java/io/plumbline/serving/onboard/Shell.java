package io.plumbline.serving.onboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a documented shell block with {@code bash -c}, stdout and stderr apart, as a user would paste it.
 * A block may start background work or a server ({@link #start}); {@link Started#stop} ends the process
 * and every process it started, by their ids.
 */
final class Shell {
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** A block left running (the server). */
    record Started(Process process, Path logFile) {
        void stop() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }

        String log() throws IOException {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        }
    }

    private Shell() {
    }

    static Result run(String script, Path dir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, ".out", ".txt");
        Path err = Files.createTempFile(dir, ".err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c", script)).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            new Started(p, err).stop();
            throw new AssertionError("timed out after " + timeout + ": " + script + "\n"
                    + new Result(-1, Files.readString(out), Files.readString(err)));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static Started start(String script, Path dir, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c", script)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new Started(pb.start(), log);
    }
}
