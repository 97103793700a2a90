package io.plumbline.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}, which {@code .ci/run} installs) for tests of HTML pages:
 * {@code --dump-dom} prints the DOM after the page's scripts ran, {@code --screenshot=...} writes a PNG,
 * and with {@code --enable-logging=stderr --v=0} console messages and uncaught exceptions go to the
 * stderr file. Each run gets a fresh profile directory. A missing browser fails the test (never skips it)
 * and says how to install it.
 */
public final class Chromium {
    private static final long TIMEOUT_SECONDS = 120;

    private final String binary;
    private final Path scratch;

    private Chromium(String binary, Path scratch) {
        this.binary = binary;
        this.scratch = scratch;
    }

    /** The chromium binary on PATH, with {@code scratch} for its profiles; an AssertionError when there is none. */
    public static Chromium find(Path scratch) {
        for (String name : new String[] {"chromium", "chromium-browser"}) {
            for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!p.isEmpty() && Files.isExecutable(Path.of(p, name))) {
                    return new Chromium(Path.of(p, name).toString(), scratch);
                }
            }
        }
        throw new AssertionError("chromium is not installed (no chromium or chromium-browser on PATH); install it"
                + " with 'apt-get install -y chromium' (.ci/run does so when it is missing)");
    }

    /**
     * Runs {@code chromium --headless --no-sandbox --disable-gpu} with {@code args}; returns its standard
     * output, its standard error in {@code stderr}. Bounded: 120 s, then killed and an AssertionError;
     * a non-zero exit is an AssertionError too.
     */
    public String run(Path stderr, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + Files.createTempDirectory(scratch, "profile")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the process was killed; the exit check below reports it
            }
        });
        reader.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + command + "\n"
                    + Files.readString(stderr));
        }
        reader.join(10_000);
        if (p.exitValue() != 0) {
            throw new AssertionError("chromium failed (exit " + p.exitValue() + "): " + command + "\n"
                    + Files.readString(stderr));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
