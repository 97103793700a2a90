package io.plumbline.serving.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.testing.ServingProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as an operator runs it: {@code keys add} without starting the server, a server
 * that accepts the key it printed, and a start refused in one line when security has no key source.
 */
class SecurityCliIT {
    /** The packaged jar: these tests run in the integration-test phase, after package. */
    static final Path JAR = Path.of("target", "plumbline-serving.jar").toAbsolutePath();
    static final Path MODELS = Path.of("..", "models").toAbsolutePath().normalize();

    private record Run(int exit, String out, String err) {
    }

    private static Run java(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-Dai.djl.offline=true", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("java -jar " + String.join(" ", args) + " did not exit within 120 s");
        }
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void keysAdd_printsAKeyTheServerAccepts_andTheFileNeverHoldsIt() throws Exception {
        Path dir = Files.createTempDirectory("plumbline-keys-it");
        Run add = java(dir, Map.of(), "keys", "add", "ci", "--scopes", "infer:weather", "--file", "keys.yml");
        assertEquals(0, add.exit(), add.err());
        String key = add.out().trim();
        assertTrue(key.matches("plk_[A-Za-z0-9_-]{43}"), add.out());
        assertFalse(add.err().contains("Micronaut") || add.out().contains("Startup completed"), "no server started");
        assertFalse(Files.readString(dir.resolve("keys.yml")).contains(key));

        try (ServingProcess serving = ServingProcess.start(JAR, "file:" + MODELS, Map.of(
                "PLUMBLINE_SECURITY_KEYS_FILE", dir.resolve("keys.yml").toString(), "PLUMBLINE_EVENTS_SINK", "none"),
                dir)) {
            Http http = new Http(serving.uri("/"));
            assertEquals(200, http.post("/v2/models/weather/infer", Http.WEATHER_ROW, key).status());
            assertEquals(401, http.post("/v2/models/weather/infer", Http.WEATHER_ROW, null).status());
            assertEquals(403, http.get("/v2/models/weather", key).status());
            assertTrue(serving.log().contains("Authentication on: 1 identities from"), serving.log());
            assertFalse(serving.log().contains(key), "the key is never logged");
        }
    }

    @Test
    void securityEnabledWithoutKeys_refusesToStart_inOneLine() throws Exception {
        Path dir = Files.createTempDirectory("plumbline-refuse-it");
        Run run = java(dir, Map.of("PLUMBLINE_SECURITY_ENABLED", "true", "PLUMBLINE_REGISTRY_URI", "file:" + MODELS,
                "MICRONAUT_SERVER_PORT", "-1", "GRPC_SERVER_PORT", "0"));
        String output = run.out() + run.err();
        assertEquals(1, run.exit(), output);
        assertTrue(output.contains("Not starting: " + SecurityFactory.NO_KEY_SOURCE + "\n"), output);
        assertFalse(output.contains("\tat "), "no stack trace:\n" + output);
    }
}
