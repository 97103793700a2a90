package io.plumbline.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * An external checker from a Debian package. A missing tool fails the test with the package to
 * install (CI installs them in .ci/run), unless PLUMBLINE_SKIP_OPS_TOOLS=1 says to skip.
 */
final class OpsTool {
    static final String SKIP_ENV = "PLUMBLINE_SKIP_OPS_TOOLS";
    static final OpsTool PROMTOOL = new OpsTool("promtool", "prometheus");
    static final OpsTool PROMETHEUS = new OpsTool("prometheus", "prometheus");
    static final OpsTool DOCKER_COMPOSE = new OpsTool("docker-compose", "docker-compose");
    static final OpsTool AMTOOL = new OpsTool("amtool", "prometheus-alertmanager");

    private static final long TIMEOUT_SECONDS = 120;

    private final String command;
    private final String debianPackage;

    private OpsTool(String command, String debianPackage) {
        this.command = command;
        this.debianPackage = debianPackage;
    }

    /** The tool's path; fails (or aborts, with PLUMBLINE_SKIP_OPS_TOOLS=1) when it is not installed. */
    Path require() {
        Optional<Path> found = find();
        if (found.isPresent()) {
            return found.get();
        }
        String message = command + " is not on the PATH: install Debian's " + debianPackage
                + " package (sudo apt-get install -y " + debianPackage + "); CI installs it in .ci/run."
                + " To skip the checks that need it, set " + SKIP_ENV + "=1.";
        if ("1".equals(System.getenv(SKIP_ENV))) {
            Assumptions.abort(message);
        }
        return Assertions.fail(message);
    }

    /**
     * For a tool that is optional on a developer's machine but installed by CI: skips the test when
     * the tool is missing, except under {@code CI=true}, where a missing tool means the CI set-up is
     * broken and the test fails as {@link #require()} does (a silent skip there would hide it).
     */
    Path requireInCi() {
        Optional<Path> found = find();
        if (found.isPresent()) {
            return found.get();
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return require();
        }
        return Assumptions.abort(command + " is not on the PATH (Debian " + debianPackage + "); optional outside CI,"
                + " required when CI=true");
    }

    Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs the tool (which must be installed) in a directory and returns its exit code and output. */
    Result run(Path workDir, String... args) {
        Path exe = require();
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(List.of(args));
        Path out = null;
        try {
            out = Files.createTempFile("ops-tool", ".out");
            Process p = new ProcessBuilder(cmd)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Assertions.fail(String.join(" ", cmd) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(String.join(" ", cmd), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Assertions.fail("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Assertions.fail("interrupted running " + String.join(" ", cmd));
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    record Result(String command, int exitCode, String output) {
        void assertSuccess() {
            Assertions.assertEquals(0, exitCode, () -> command + " failed (exit " + exitCode + "):\n" + output);
        }
    }
}
