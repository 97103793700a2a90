package io.plumbline.serving.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.testing.Await;
import io.plumbline.testing.FreePorts;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Key rotation without a restart: while clients call with a key that stays, the key file is replaced
 * (one key removed, one added), then broken, then emptied, then fixed. The staying key never fails
 * (the clients' own tally), the added key works and the removed one stops within a few reload
 * intervals, and a broken file keeps the keys in use and shows in {@code auth_keys_file_valid}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyRotationTest implements TestPropertyProvider {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    EmbeddedServer server;

    private Path dir;
    private Path keysFile;
    private String stays;
    private String leaves;

    @Override
    public Map<String, String> getProperties() {
        try {
            dir = Files.createTempDirectory("plumbline-rotation");
            keysFile = dir.resolve("keys.yml");
            stays = KeysCommand.add(keysFile, "stays", "infer:weather", null);
            leaves = KeysCommand.add(keysFile, "leaves", "infer:weather", null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("plumbline.registry.uri", TestRepository.create().toString(), "micronaut.server.port", "-1",
                "grpc.server.port", Integer.toString(FreePorts.loopback()),
                "plumbline.security.keys-file", keysFile.toString(), "plumbline.security.reload-interval", "100ms");
    }

    @Test
    void rotation_takesEffectOnReload_andTheKeyThatStaysNeverFails() throws Exception {
        Http http = new Http(server.getURI());
        Await.until(() -> http.get("/v2/health/ready", null).status() == 200, WITHIN, () -> "ready");
        Map<String, LongAdder> tally = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    String outcome;
                    try {
                        int status = http.post("/v2/models/weather/infer", Http.WEATHER_ROW, stays).status();
                        outcome = status == 200 ? "ok" : "HTTP " + status;
                    } catch (RuntimeException e) {
                        outcome = e.getClass().getSimpleName();
                    }
                    tally.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                }
            }, "rotation-client-" + i);
            t.start();
            clients.add(t);
        }
        try {
            // Rotate: 'leaves' out, 'arrives' in, written aside and moved into place as SECURITY.md says.
            Path next = dir.resolve("next.yml");
            Files.writeString(next, entry(Files.readString(keysFile), "stays"));
            String arrives = KeysCommand.add(next, "arrives", "infer:weather", null);
            replace(next);
            Await.until(() -> status(http, arrives) == 200 && status(http, leaves) == 401, WITHIN,
                    () -> "the added key works and the removed one is refused");

            replace("keys:\n  - name: broken\n    hash: [\n");
            Await.until(() -> gauge(http) == 0.0, WITHIN, () -> "auth_keys_file_valid turns 0");
            assertEquals(200, status(http, arrives), "a broken file keeps the keys in use");
            assertEquals(401, status(http, leaves));

            Files.writeString(keysFile, ""); // truncated in place, as a write caught half way
            replace(next);
            Await.until(() -> gauge(http) == 1.0, WITHIN, () -> "auth_keys_file_valid back to 1");
            assertEquals(200, status(http, arrives));
        } finally {
            running.set(false);
            for (Thread t : clients) {
                t.join(60_000);
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        tally.forEach((k, v) -> counts.put(k, v.sum()));
        assertTrue(counts.getOrDefault("ok", 0L) > 0, counts.toString());
        assertEquals(Map.of("ok", counts.getOrDefault("ok", 0L)), counts, "every request of the key that stays succeeded");
    }

    /** The header and one named entry of a key file keys add wrote (name, hash, scopes: 3 lines). */
    private static String entry(String file, String name) {
        StringBuilder out = new StringBuilder("keys:\n");
        List<String> lines = file.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals("  - name: \"" + name + "\"")) {
                lines.subList(i, i + 3).forEach(l -> out.append(l).append('\n'));
            }
        }
        return out.toString();
    }

    private void replace(Path from) throws IOException {
        Path tmp = dir.resolve("swap.tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, keysFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void replace(String text) throws IOException {
        Path tmp = dir.resolve("swap.tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, keysFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static int status(Http http, String key) {
        return http.post("/v2/models/weather/infer", Http.WEATHER_ROW, key).status();
    }

    private static double gauge(Http http) {
        Matcher m = Pattern.compile("(?m)^auth_keys_file_valid(?:\\{[^}]*})? (\\S+)$")
                .matcher(http.get("/prometheus", null).body());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
