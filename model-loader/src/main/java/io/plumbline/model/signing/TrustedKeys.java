package io.plumbline.model.signing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The public keys whose signatures a version may carry, by key id. Read once at start-up from
 * PEM files and directories (each {@code *.pem} and {@code *.pub} in it): a key file that does not
 * parse stops the start rather than silently trusting fewer keys than configured.
 */
public final class TrustedKeys {
    public static final TrustedKeys NONE = new TrustedKeys(Map.of());

    private final Map<String, PublicKey> byId;

    private TrustedKeys(Map<String, PublicKey> byId) {
        this.byId = Map.copyOf(byId);
    }

    public static TrustedKeys of(List<PublicKey> keys) {
        Map<String, PublicKey> byId = new LinkedHashMap<>();
        keys.forEach(k -> byId.put(PemKeys.keyId(k), k));
        return new TrustedKeys(byId);
    }

    /**
     * @param paths PEM files, or directories whose {@code *.pem} / {@code *.pub} files are read
     * @throws IllegalArgumentException naming the file when one is missing or holds no usable key
     */
    public static TrustedKeys load(List<Path> paths) {
        List<PublicKey> keys = new ArrayList<>();
        for (Path path : paths) {
            for (Path file : files(path)) {
                try {
                    keys.addAll(PemKeys.readPublicKeys(file));
                } catch (IOException | GeneralSecurityException e) {
                    throw new IllegalArgumentException("plumbline.registry.trusted-keys: cannot read " + file + ": "
                            + e.getMessage(), e);
                }
            }
        }
        return of(keys);
    }

    private static List<Path> files(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("plumbline.registry.trusted-keys: " + path + " does not exist");
        }
        try (Stream<Path> children = Files.list(path)) {
            List<Path> pem = children.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".pem") || p.toString().endsWith(".pub")).sorted().toList();
            if (pem.isEmpty()) {
                throw new IllegalArgumentException("plumbline.registry.trusted-keys: " + path
                        + " holds no *.pem or *.pub file");
            }
            return pem;
        } catch (IOException e) {
            throw new IllegalArgumentException("plumbline.registry.trusted-keys: cannot list " + path + ": "
                    + e.getMessage(), e);
        }
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    public int size() {
        return byId.size();
    }

    Map<String, PublicKey> byId() {
        return byId;
    }

    @Override
    public String toString() {
        return byId.keySet().toString();
    }
}
