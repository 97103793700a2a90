package io.plumbline.serving.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reloads driven by the test (no scheduler): what a changed, broken or vanished file does. */
class KeyFileWatcherTest {
    private static final String ONE = "keys:\n  - name: app\n    hash: " + KeyFileTest.HASH + "\n    scopes: [read]\n";

    @Test
    void aBrokenFile_keepsThePreviousKeys_andSaysSoInTheGauge() throws IOException {
        Path file = Files.createTempFile("keys", ".yml");
        Files.writeString(file, ONE);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KeyFileWatcher watcher = new KeyFileWatcher(file, System::nanoTime, registry);
        assertEquals("app", watcher.ring().byKey(KeyFileTest.KEY).name());
        assertEquals(1.0, registry.get("auth.keys.file.valid").gauge().value());

        Files.writeString(file, ONE.replace("scopes: [read]", "scopes: [read"));
        watcher.reload();
        assertEquals("app", watcher.ring().byKey(KeyFileTest.KEY).name());
        assertEquals(0.0, registry.get("auth.keys.file.valid").gauge().value());

        Files.delete(file);
        watcher.reload();
        assertEquals("app", watcher.ring().byKey(KeyFileTest.KEY).name());

        Files.writeString(file, ONE.replace("name: app", "name: renamed"));
        watcher.reload();
        assertEquals("renamed", watcher.ring().byKey(KeyFileTest.KEY).name());
        assertEquals(1.0, registry.get("auth.keys.file.valid").gauge().value());
        assertEquals(1.0, registry.get("auth.keys").gauge().value());

        Files.writeString(file, "keys: []\n");
        watcher.reload();
        assertNull(watcher.ring().byKey(KeyFileTest.KEY), "revoking every key is a valid file");
    }

    @Test
    void aMissingOrBrokenFileAtStart_stopsTheStart() throws IOException {
        Path missing = Path.of("/nonexistent/keys.yml");
        assertEquals("plumbline.security.keys-file /nonexistent/keys.yml does not exist (create it with: java -jar "
                + "plumbline-serving.jar keys add NAME --scopes infer:MODEL --file /nonexistent/keys.yml)",
                assertThrows(IllegalArgumentException.class,
                        () -> new KeyFileWatcher(missing, System::nanoTime, new SimpleMeterRegistry())).getMessage());
        Path broken = Files.createTempFile("keys", ".yml");
        Files.writeString(broken, "keys:\n  - name: x\n");
        assertEquals("plumbline.security.keys-file " + broken + ": entry 1 ('x'): give either 'hash' (of a key) or "
                + "'subject' (of a client certificate), not neither", assertThrows(IllegalArgumentException.class,
                        () -> new KeyFileWatcher(broken, System::nanoTime, new SimpleMeterRegistry())).getMessage());
    }
}
