package io.plumbline.serving.security;

import io.plumbline.model.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code plumbline-serving.jar keys add NAME --scopes infer:weather,read [--rate 50/s] [--file keys.yml]}:
 * makes a random 256-bit key, appends its SHA-256 to the key file and prints the key once, alone on
 * stdout (so {@code KEY=$(java -jar ... keys add ...)} works); the rest goes to stderr. The key
 * itself is written nowhere. Runs without starting the server.
 */
public final class KeysCommand {
    static final String USAGE = "usage: keys add NAME --scopes infer:MODEL,read,admin [--rate 50/s] [--file keys.yml]";
    private static final String PREFIX = "plk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeysCommand() {
    }

    /** Runs the command; returns the exit code (0 done, 1 refused, 2 usage). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !args.get(0).equals("add") || args.size() < 2 || args.get(1).startsWith("--")) {
            err.println(USAGE);
            return 2;
        }
        String name = args.get(1);
        String scopes = null;
        String rate = null;
        String file = System.getenv().getOrDefault("PLUMBLINE_SECURITY_KEYS_FILE", "keys.yml");
        for (int i = 2; i < args.size(); i += 2) {
            if (i + 1 >= args.size()) {
                err.println(args.get(i) + " needs a value\n" + USAGE);
                return 2;
            }
            switch (args.get(i)) {
                case "--scopes" -> scopes = args.get(i + 1);
                case "--rate" -> rate = args.get(i + 1);
                case "--file" -> file = args.get(i + 1);
                default -> {
                    err.println("unknown option " + args.get(i) + "\n" + USAGE);
                    return 2;
                }
            }
        }
        if (scopes == null) {
            err.println("--scopes is required\n" + USAGE);
            return 2;
        }
        try {
            String key = add(Path.of(file), name, scopes, rate);
            err.println("Added '" + name + "' (scopes " + scopes + (rate == null ? "" : ", rate " + rate) + ") to "
                    + file + ". Its key, shown only now (the file holds its hash):");
            out.println(key);
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("keys add: " + e.getMessage());
            return 1;
        }
    }

    /** Appends an entry for a new key and returns the key. */
    public static String add(Path file, String name, String scopes, String rate) throws IOException {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String existing = Files.exists(file) ? Files.readString(file) : "";
        if (existing.isBlank()) {
            existing = "keys:\n";
        }
        KeyRing before = parse(existing, file);
        if (before.byName(name) != null) {
            throw new IllegalArgumentException("there is already an entry named '" + name + "' in " + file);
        }
        List<String> list = new ArrayList<>();
        for (String s : scopes.split(",")) {
            list.add(Scope.parse(s).toString());
        }
        StringBuilder entry = new StringBuilder();
        entry.append(existing.isEmpty() || existing.endsWith("\n") ? "" : "\n")
                .append("  - name: ").append(quote(name)).append('\n')
                .append("    hash: ").append(KeyFile.HASH_PREFIX).append(HexFormat.of().formatHex(KeyRing.sha256(key)))
                .append('\n')
                .append("    scopes: [").append(String.join(", ", list)).append("]\n");
        if (rate != null) {
            entry.append("    rate: ").append(RateLimit.parse(rate, System::nanoTime)).append('\n');
        }
        String after = existing + entry;
        // Appending text keeps the operator's comments; the result must still parse, with one more entry.
        KeyRing check;
        try {
            check = KeyFile.parse(after, null, System::nanoTime);
        } catch (IllegalArgumentException e) {
            check = null;
        }
        if (check == null || check.size() != before.size() + 1 || check.byKey(key) == null) {
            throw new IllegalArgumentException(file + " does not end in a block-style 'keys:' list, so the entry "
                    + "cannot be appended; add it by hand:\n" + entry);
        }
        write(file, after);
        return key;
    }

    private static KeyRing parse(String text, Path file) {
        try {
            return KeyFile.parse(text, null, System::nanoTime);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    private static String quote(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Replaces the file in one step, so a server re-reading it never sees half an entry. */
    private static void write(Path file, String text) throws IOException {
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
