package io.plumbline.serving.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import javax.security.auth.x500.X500Principal;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the key file:
 * <pre>
 * keys:
 *   - name: weather-app
 *     hash: sha256:9f86d081884c7d65...   # SHA-256 of the key, never the key
 *     scopes: [infer:weather, read]
 *     rate: 50/s                         # optional
 *   - name: client-a
 *     subject: "CN=client-a,O=Example"   # a client certificate instead of a key
 *     scopes: [infer:fraud-*]
 * </pre>
 * Strict on purpose: an unknown field (a misspelt {@code scope:}) or a duplicate name is an error,
 * not a key with fewer rights than meant. Errors are one line naming the entry and the field.
 */
final class KeyFile {
    static final String HASH_PREFIX = "sha256:";
    private static final Set<String> FIELDS = Set.of("name", "hash", "subject", "scopes", "rate");

    private KeyFile() {
    }

    /**
     * Parses the file's text.
     *
     * @param previous the ring in use, whose rate buckets carry over to entries with the same name and rate
     * @throws IllegalArgumentException with a one-line reason
     */
    static KeyRing parse(String text, KeyRing previous, LongSupplier nanoTime) {
        if (text.isBlank()) {
            // Most likely a file caught between truncation and write: revoking every key takes 'keys: []'.
            throw new IllegalArgumentException("the file is empty (a file without keys says 'keys: []')");
        }
        Object root = load(text);
        if (root == null) {
            return KeyRing.EMPTY;
        }
        if (!(root instanceof Map<?, ?> top) || !top.keySet().equals(Set.of("keys"))) {
            throw new IllegalArgumentException("the file must hold one field, 'keys', a list of entries");
        }
        Object list = top.get("keys");
        if (list == null) {
            return KeyRing.EMPTY;
        }
        if (!(list instanceof List<?> entries)) {
            throw new IllegalArgumentException("'keys' must be a list of entries");
        }
        List<KeyRing.HashedKey> keys = new ArrayList<>();
        Map<X500Principal, Identity> subjects = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            entry(entries.get(i), i + 1, names, keys, subjects, previous, nanoTime);
        }
        return new KeyRing(keys, subjects);
    }

    private static void entry(Object raw, int n, Set<String> names, List<KeyRing.HashedKey> keys,
            Map<X500Principal, Identity> subjects, KeyRing previous, LongSupplier nanoTime) {
        if (!(raw instanceof Map<?, ?> e)) {
            throw new IllegalArgumentException("entry " + n + " is not a map with name, hash or subject, scopes");
        }
        String name = text(e.get("name"));
        String where = name == null ? "entry " + n : "entry " + n + " ('" + Scope.abbreviate(name) + "')";
        for (Object field : e.keySet()) {
            if (!FIELDS.contains(String.valueOf(field))) {
                throw new IllegalArgumentException(where + ": unknown field '" + Scope.abbreviate(String.valueOf(field))
                        + "' (fields: name, hash or subject, scopes, rate)");
            }
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(where + ": 'name' is missing");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException(where + ": the name is used twice");
        }
        String hash = text(e.get("hash"));
        String subject = text(e.get("subject"));
        if ((hash == null) == (subject == null)) {
            throw new IllegalArgumentException(where + ": give either 'hash' (of a key) or 'subject' (of a client "
                    + "certificate), not " + (hash == null ? "neither" : "both"));
        }
        Identity identity = new Identity(name, scopes(e.get("scopes"), where), rate(e.get("rate"), where, name,
                previous, nanoTime));
        if (hash != null) {
            keys.add(new KeyRing.HashedKey(hash(hash, where), identity));
        } else {
            X500Principal principal;
            try {
                principal = new X500Principal(subject);
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(where + ": 'subject' is not an X.500 name such as "
                        + "\"CN=client-a,O=Example\"");
            }
            if (subjects.put(principal, identity) != null) {
                throw new IllegalArgumentException(where + ": the subject is used twice");
            }
        }
    }

    private static byte[] hash(String hash, String where) {
        String hex = hash.startsWith(HASH_PREFIX) ? hash.substring(HASH_PREFIX.length()) : "";
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(where + ": 'hash' must be sha256: and 64 hex digits (the SHA-256 "
                    + "of the key, as 'keys add' writes it)");
        }
        return HexFormat.of().parseHex(hex);
    }

    private static List<Scope> scopes(Object raw, String where) {
        List<?> list = raw instanceof List<?> l ? l : raw instanceof String s ? List.of(s.split(",")) : null;
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException(where + ": 'scopes' is missing (a list such as [infer:weather, read])");
        }
        List<Scope> scopes = new ArrayList<>();
        for (Object s : list) {
            try {
                scopes.add(Scope.parse(String.valueOf(s)));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(where + ": " + bad.getMessage());
            }
        }
        return scopes;
    }

    private static RateLimit rate(Object raw, String where, String name, KeyRing previous, LongSupplier nanoTime) {
        if (raw == null) {
            return null;
        }
        RateLimit rate;
        try {
            rate = RateLimit.parse(String.valueOf(raw), nanoTime);
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(where + ": " + bad.getMessage());
        }
        Identity before = previous == null ? null : previous.byName(name);
        return before != null && rate.sameRate(before.rate()) ? before.rate() : rate;
    }

    private static String text(Object o) {
        return o == null ? null : o instanceof String s ? s.trim() : String.valueOf(o);
    }

    private static Object load(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        try {
            return new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            String problem = e.getProblem() == null ? "not valid YAML" : e.getProblem();
            throw new IllegalArgumentException((mark == null ? "" : "line " + (mark.getLine() + 1) + ": ")
                    + problem.replace('\n', ' '));
        } catch (YAMLException e) {
            throw new IllegalArgumentException("not valid YAML: " + String.valueOf(e.getMessage()).lines()
                    .findFirst().orElse(""));
        }
    }
}
