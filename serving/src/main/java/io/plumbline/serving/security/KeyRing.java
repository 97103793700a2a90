package io.plumbline.serving.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/**
 * The identities of one reading of the key file: keys by the SHA-256 of the key, certificate
 * subjects by their canonical X.500 form. Immutable; a reload builds a new one.
 */
final class KeyRing {
    static final KeyRing EMPTY = new KeyRing(List.of(), Map.of());

    /** A key's hash and who holds it. */
    record HashedKey(byte[] sha256, Identity identity) {
    }

    private final List<HashedKey> keys;
    private final Map<X500Principal, Identity> subjects;

    KeyRing(List<HashedKey> keys, Map<X500Principal, Identity> subjects) {
        this.keys = List.copyOf(keys);
        this.subjects = Map.copyOf(subjects);
    }

    /**
     * The holder of {@code key}, or null. Every entry is compared, each with
     * {@link MessageDigest#isEqual} (constant time), so the time taken says nothing of how close a
     * guess came.
     */
    Identity byKey(String key) {
        byte[] hash = sha256(key);
        Identity found = null;
        for (HashedKey k : keys) {
            if (MessageDigest.isEqual(k.sha256(), hash) && found == null) {
                found = k.identity();
            }
        }
        return found;
    }

    /** The entry for a verified certificate's subject, or null; X500Principal equality ignores case and spacing. */
    Identity bySubject(X500Principal subject) {
        return subject == null ? null : subjects.get(subject);
    }

    /** The entry called {@code name}, for carrying a rate bucket across reloads. */
    Identity byName(String name) {
        for (HashedKey k : keys) {
            if (k.identity().name().equals(name)) {
                return k.identity();
            }
        }
        return subjects.values().stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
    }

    int size() {
        return keys.size() + subjects.size();
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
