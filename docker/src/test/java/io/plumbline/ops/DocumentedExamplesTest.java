package io.plumbline.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.testing.Await;
import io.plumbline.testing.ChildProcess;
import io.plumbline.testing.FreePorts;
import io.plumbline.testing.MarkdownCommands;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's and DRIFT.md's examples, run as the documents write them (the commands are read from
 * the Markdown, not copied here), with their output compared with the output the documents show. The
 * only substitutions: {@code localhost:8080} becomes the test's free port, {@code /tmp/} the test's
 * temporary directory. Numbers may differ by a relative 1e-5 (ONNX Runtime's float kernels differ
 * slightly between CPUs); text must match exactly.
 */
class DocumentedExamplesTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void readmeQuickStart_inferencePrintsTheDocumentedProbabilities() throws Exception {
        Path readme = Repo.path("README.md");
        String start = MarkdownCommands.after(readme, "Build and run the service with its defaults", "sh").body();
        String serve = start.substring(start.indexOf("java -jar"));
        assertEquals("java -jar serving/target/plumbline-serving.jar", serve.strip(), "the documented start command");
        int[] ports = FreePorts.loopback(2);
        List<String> command = ChildProcess.java(serve.strip().substring("java ".length()).split(" "));
        // As documented: started from the repository root, so the default file:./models is the demo.
        try (ChildProcess serving = ChildProcess.start("serving", command,
                Map.of("MICRONAUT_SERVER_PORT", String.valueOf(ports[0]), "GRPC_SERVER_PORT", String.valueOf(ports[1])),
                Repo.ROOT, dir.resolve("serving.log"))) {
            HttpClient http = HttpClient.newHttpClient();
            URI ready = URI.create("http://localhost:" + ports[0] + "/v2/health/ready");
            Await.until(() -> status(http, ready) == 200, START_TIMEOUT, () -> "serving not ready; log:\n" + serving.tail(40));

            MarkdownCommands.Block curl = MarkdownCommands.after(readme, "Then, in another terminal:", "sh");
            String printed = shell(curl.substituted(Map.of("localhost:8080", "localhost:" + ports[0])));
            JsonNode documented = Repo.JSON.readTree(curl.output().body());
            assertSameJson(documented, Repo.JSON.readTree(printed), "$");
        }
    }

    /**
     * The README's drift demo. Besides the usual substitutions the shell gets the free ports in
     * MICRONAUT_SERVER_PORT and GRPC_SERVER_PORT (the documented command starts serving on the
     * defaults) and one added line recording the background server's pid, to stop it afterwards.
     * Serving's log shares the shell's output, as in a terminal, so the replay's documented line must
     * be one of the printed lines. The check is polled, as a reader would re-run it, until the window
     * holding the shifted rows has closed.
     */
    @Test
    void readmeDriftDemo_showsTheInjectedDrift() throws Exception {
        backgroundDemo("Try it: start serving", "Once the window holding the shifted rows", Map.of("/tmp/", dir + "/"));
    }

    /**
     * The README's model-quality demo, run the same way: two predictions, a right and a wrong truth, the
     * documented {"accepted":2} among the printed lines, and the realised accuracy on serving's /prometheus,
     * polled until the window has closed.
     */
    @Test
    void readmeQualityDemo_showsTheRealisedAccuracy() throws Exception {
        backgroundDemo("Try it: two predictions of the same day", "Once the window holding them has closed", Map.of());
    }

    /**
     * Runs the README block after {@code demo} (it leaves serving running in the background; its documented
     * output must be one of the printed lines), then re-runs the block after {@code check} until it prints
     * exactly its documented output, and stops the server.
     */
    private void backgroundDemo(String demo, String check, Map<String, String> extra) throws Exception {
        Path readme = Repo.path("README.md");
        MarkdownCommands.Block start = MarkdownCommands.after(readme, demo, "sh");
        MarkdownCommands.Block poll = MarkdownCommands.after(readme, check, "sh");
        int[] ports = FreePorts.loopback(2);
        Map<String, String> substitutions = new HashMap<>(extra);
        substitutions.put("localhost:8080", "localhost:" + ports[0]);
        Path pid = dir.resolve("serving.pid");
        Map<String, String> env = Map.of("MICRONAUT_SERVER_PORT", String.valueOf(ports[0]),
                "GRPC_SERVER_PORT", String.valueOf(ports[1]));
        try {
            String printed = shell(start.substituted(substitutions) + "echo $! > " + pid + "\n", env);
            String line = start.output().body().strip();
            assertTrue(printed.lines().anyMatch(l -> l.strip().equals(line)), "no line '" + line + "' in:\n" + printed);
            String expected = poll.output().body();
            String[] last = {""};
            Await.until(() -> {
                try {
                    last[0] = shell(poll.substituted(substitutions), Map.of());
                } catch (IOException e) {
                    last[0] = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return last[0].equals(expected);
            }, Duration.ofSeconds(30), () -> "documented:\n" + expected + "printed:\n" + last[0]);
        } finally {
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void driftMdReportExample_printsTheDocumentedTable() throws Exception {
        MarkdownCommands.Block report = MarkdownCommands.after(Repo.path("monitor/DRIFT.md"),
                "Example: the demo data's 2012 days", "sh");
        String printed = shell(report.substituted(Map.of("/tmp/", dir + "/")));
        assertSameText(report.output().body(), printed);
    }

    @Test
    void driftMdOverTimeExample_printsTheDocumentedWindows() throws Exception {
        MarkdownCommands.Block report = MarkdownCommands.after(Repo.path("monitor/DRIFT.md"),
                "Example: the 2012 reference of the example above against 2014 in 30-day windows", "sh");
        String printed = shell(report.substituted(Map.of("/tmp/", dir + "/")));
        assertSameText(report.output().body(), printed);
    }

    private static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String shell(String script) throws IOException, InterruptedException {
        return shell(script, Map.of());
    }

    /** Runs a documented block with bash from the repository root; returns its stdout (exit 0 or 1). */
    private String shell(String script, Map<String, String> env) throws IOException, InterruptedException {
        // Fresh files per run: a server the block left in the background keeps writing to its own.
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(Repo.ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        // The documented "java" is the JDK running the tests.
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "documented commands did not finish:\n" + script);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertTrue(p.exitValue() == 0 || p.exitValue() == 1, "exit " + p.exitValue() + " from:\n" + script + "\n" + stderr);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static void assertSameJson(JsonNode expected, JsonNode actual, String path) {
        if (expected.isNumber()) {
            assertTrue(actual.isNumber(), path + ": expected a number, got " + actual);
            assertClose(expected.asDouble(), actual.asDouble(), path);
        } else if (expected.isContainerNode()) {
            assertEquals(expected.size(), actual.size(), path + " size: " + actual);
            if (expected.isArray()) {
                for (int i = 0; i < expected.size(); i++) {
                    assertSameJson(expected.get(i), actual.get(i), path + "[" + i + "]");
                }
            } else {
                expected.fieldNames().forEachRemaining(f -> assertSameJson(expected.get(f), actual.path(f), path + "." + f));
            }
        } else {
            assertEquals(expected, actual, path);
        }
    }

    /** Token by token: numbers within the tolerance, everything else equal. */
    private static void assertSameText(String expected, String actual) {
        List<String> e = List.of(expected.strip().split("\\s+"));
        List<String> a = List.of(actual.strip().split("\\s+"));
        assertEquals(e.size(), a.size(), "documented:\n" + expected + "\nprinted:\n" + actual);
        for (int i = 0; i < e.size(); i++) {
            Double x = number(e.get(i));
            Double y = number(a.get(i));
            if (x != null && y != null) {
                assertClose(x, y, "token " + i + " of:\n" + actual);
            } else {
                assertEquals(e.get(i), a.get(i), "token " + i + "; documented:\n" + expected + "\nprinted:\n" + actual);
            }
        }
    }

    private static Double number(String token) {
        try {
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void assertClose(double expected, double actual, String where) {
        assertTrue(Math.abs(expected - actual) <= 1e-5 * Math.max(Math.abs(expected), Math.abs(actual)) + 1e-12,
                where + ": documented " + expected + ", printed " + actual);
    }
}
