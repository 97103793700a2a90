package io.plumbline.serving.onboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.testing.Await;
import io.plumbline.testing.FreePorts;
import io.plumbline.testing.MarkdownCommands;
import io.plumbline.testing.MarkdownCommands.Block;
import io.plumbline.testing.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code sh} block of YOUR-MODEL.md, in order and exactly as written, with {@code bash -c} in a
 * working directory that links {@code serving}, {@code monitor}, {@code models} and {@code data} of this
 * checkout (so the guide's relative paths hold and nothing is written into the checkout). The only
 * substitutions, as the guide says: {@code localhost:8080} becomes the server's free port (the server
 * block gets it through {@code MICRONAUT_SERVER_PORT}, which the guide's command inherits) and
 * {@code localhost:9000} the webhook receiver's. Each output block shown in the guide is compared with
 * what the command printed: exactly, except JSON numbers (to 1e-6, float rounding) and lines the guide
 * leaves out of a grep. The files a user would bring (the churn model and its data) are written first.
 */
class YourModelGuideIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @Test
    void everyCommandOfTheGuide_runs_andPrintsWhatTheGuideShows() throws Exception {
        for (String link : List.of("serving", "monitor", "models", "data")) {
            Files.createSymbolicLink(work.resolve(link), ROOT.resolve(link));
        }
        ChurnModel.write(work.resolve("churn.onnx"));
        ChurnModel.data(work.resolve("churn.csv"));
        int[] ports = FreePorts.loopback(2);
        Map<String, String> env = Map.of("MICRONAUT_SERVER_PORT", Integer.toString(ports[0]),
                "GRPC_SERVER_PORT", Integer.toString(ports[1]));
        List<String> seen = new ArrayList<>();
        List<Block> blocks = MarkdownCommands.blocks(ROOT.resolve("YOUR-MODEL.md"), "sh");
        Shell.Started server = null;
        try (WebhookReceiver hooks = new WebhookReceiver("change-me")) {
            Map<String, String> subs = new LinkedHashMap<>();
            subs.put("localhost:8080", "localhost:" + ports[0]);
            subs.put("localhost:9000", URI.create(hooks.url()).getAuthority());
            for (Block block : blocks) {
                String script = block.substituted(subs);
                if (block.body().contains(" models add ")) {
                    seen.add("models add");
                    Shell.Result r = Shell.run(script, work, env, COMMAND_TIMEOUT);
                    assertEquals(0, r.code(), block + "\n" + r);
                    assertEquals(block.output().body(), r.out(), block + "\n" + r);
                } else if (block.body().contains("plumbline-serving.jar")) {
                    seen.add("serve");
                    server = Shell.start(script, work, env, work.resolve("serving.log"));
                    awaitReady(ports[0], server);
                } else if (block.body().contains(" replay ")) {
                    seen.add("replay");
                    Shell.Result r = Shell.run(script, work, env, COMMAND_TIMEOUT);
                    assertEquals(0, r.code(), block + "\n" + r);
                    assertEquals(block.output().body(), r.out(), block + "\n" + r);
                } else if (block.body().contains("/prometheus")) {
                    seen.add("metrics");
                    // Windows close on the server's clock: run the documented command until it shows the verdicts
                    // (polled quickly, since a short trailing window resets the gauge 5 s later, as the guide says).
                    retry(block, script, env, out -> out.equals(block.output().body()));
                } else if (block.body().contains("/infer")) {
                    seen.add("infer");
                    // The running server loads the new model at its next repository poll (10 s).
                    String out = retry(block, script, env, o -> o.contains("\"outputs\""));
                    assertJsonEquals(block.output().body(), out, 1e-6);
                } else {
                    seen.add("prepare");
                    Shell.Result r = Shell.run(script, work, env, COMMAND_TIMEOUT);
                    assertEquals(0, r.code(), block + "\n" + r);
                }
            }
            assertEquals(List.of("prepare", "models add", "serve", "replay", "metrics", "models add", "infer"), seen,
                    "the guide's steps, in order");
            // The alert: the monitor's retraining webhook, signed with the guide's secret, naming temp_max.
            List<WebhookReceiver.Call> calls = hooks.await(1, WAIT);
            assertTrue(calls.stream().anyMatch(c -> c.signatureValid() && c.body().contains("\"temp_max\"")),
                    calls.toString());
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    private String retry(Block block, String script, Map<String, String> env, java.util.function.Predicate<String> ok)
            throws Exception {
        String[] last = {""};
        Await.until(() -> {
            try {
                Shell.Result r = Shell.run(script, work, env, COMMAND_TIMEOUT);
                last[0] = r.out();
                return ok.test(r.out());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, WAIT, () -> block + " never printed\n" + block.output().body() + "last output:\n" + last[0]
                + "\nserver log: " + work.resolve("serving.log"));
        return last[0];
    }

    private static void awaitReady(int port, Shell.Started server) {
        HttpClient http = HttpClient.newHttpClient();
        Await.until(() -> {
            if (!server.process().isAlive()) {
                throw new AssertionError("the server exited:\n" + readQuietly(server));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/models/weather/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }, WAIT, () -> "weather ready on port " + port + "\n" + readQuietly(server));
    }

    private static String readQuietly(Shell.Started server) {
        try {
            return server.log();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** Same JSON structure and strings; numbers equal to {@code tolerance}. */
    static void assertJsonEquals(String expected, String actual, double tolerance) throws Exception {
        ObjectMapper json = new ObjectMapper();
        compare(json.readTree(expected), json.readTree(actual), tolerance, "$", expected, actual);
    }

    private static void compare(JsonNode e, JsonNode a, double tol, String at, String expected, String actual) {
        String where = at + "\nexpected " + expected + "\nactual   " + actual;
        if (e.isNumber() && a.isNumber()) {
            assertEquals(e.asDouble(), a.asDouble(), tol, where);
        } else if (e.isContainerNode()) {
            assertEquals(e.getNodeType(), a.getNodeType(), where);
            assertEquals(e.size(), a.size(), where);
            if (e.isArray()) {
                for (int i = 0; i < e.size(); i++) {
                    compare(e.get(i), a.get(i), tol, at + "[" + i + "]", expected, actual);
                }
            } else {
                e.fieldNames().forEachRemaining(f -> compare(e.get(f), a.path(f), tol, at + "." + f, expected, actual));
            }
        } else {
            assertEquals(e, a, where);
        }
    }
}
