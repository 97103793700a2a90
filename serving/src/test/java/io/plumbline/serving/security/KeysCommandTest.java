package io.plumbline.serving.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return KeysCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void add_printsTheKeyOnce_andTheFileHoldsOnlyItsHash() throws IOException {
        Path file = Files.createTempDirectory("keys").resolve("keys.yml");
        assertEquals(0, run("add", "weather-app", "--scopes", "infer:weather,read", "--rate", "50/s", "--file",
                file.toString()));
        String key = out.toString(StandardCharsets.UTF_8).trim();
        assertTrue(key.matches("plk_[A-Za-z0-9_-]{43}"), key);
        String text = Files.readString(file);
        assertFalse(text.contains(key));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains(key));
        Identity id = KeyFile.parse(text, null, System::nanoTime).byKey(key);
        assertEquals("weather-app", id.name());
        assertEquals("infer:weather, read", id.scopeList());
        assertEquals("50/s", id.rate().toString());
    }

    @Test
    void add_keepsTheOperatorsComments_andRefusesATakenName() throws IOException {
        Path file = Files.createTempFile("keys", ".yml");
        Files.writeString(file, "# production keys, rotated quarterly\nkeys:\n  - name: old\n    subject: CN=old\n"
                + "    scopes: [read]");
        assertEquals(0, run("add", "new", "--scopes", "admin", "--file", file.toString()));
        String text = Files.readString(file);
        assertTrue(text.startsWith("# production keys, rotated quarterly\nkeys:\n  - name: old\n"), text);
        assertEquals(2, KeyFile.parse(text, null, System::nanoTime).size());
        assertEquals(1, run("add", "new", "--scopes", "read", "--file", file.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("there is already an entry named 'new'"));
        assertEquals(text, Files.readString(file));
    }

    @Test
    void mistakes_changeNothing() throws IOException {
        Path file = Files.createTempFile("keys", ".yml");
        Files.writeString(file, "keys: []\n");
        assertEquals(1, run("add", "a", "--scopes", "read", "--file", file.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("add it by hand"), err.toString());
        assertEquals(1, run("add", "a", "--scopes", "raed", "--file", file.toString()));
        assertEquals(1, run("add", "a", "--scopes", "read", "--rate", "fast", "--file", file.toString()));
        assertEquals("keys: []\n", Files.readString(file));
        assertEquals(2, run("add"));
        assertEquals(2, run("add", "a"));
        assertEquals(2, run("remove", "a"));
        assertEquals(2, run("add", "a", "--scopes"));
        assertEquals("", out.toString(StandardCharsets.UTF_8), "no key printed for a refused command");
    }
}
