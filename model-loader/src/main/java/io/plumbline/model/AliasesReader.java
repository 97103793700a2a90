package io.plumbline.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code aliases.yaml}: a mapping of alias name to version number, MLflow-style
 * ({@code production: 3}). An alias name follows the model-name rules and may not be a number, so
 * {@code /versions/production} and {@code /versions/3} can never mean two things.
 */
public final class AliasesReader {
    public static final String FILE_NAME = "aliases.yaml";

    private AliasesReader() {
    }

    public static Map<String, Long> read(InputStream in, String source) throws ModelLoadException {
        Object root = SafeYaml.load(in, source, 1 << 16);
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> m)) {
            throw new ModelLoadException(source + " must map alias names to versions, e.g. 'production: 3'");
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String alias = String.valueOf(e.getKey());
            if (!ModelName.isValid(alias) || FileModelRepository.parseVersion(alias) != null
                    || alias.chars().allMatch(Character::isDigit)) {
                throw new ModelLoadException(source + ": alias '" + ModelName.printable(alias)
                        + "' is invalid: use letters, digits, '_', '.', '-' (not only digits, no '..')");
            }
            if (!(e.getValue() instanceof Integer || e.getValue() instanceof Long)
                    || ((Number) e.getValue()).longValue() < 1) {
                throw new ModelLoadException(source + ": alias '" + alias + "' must name a positive version number, got '"
                        + e.getValue() + "'");
            }
            out.put(alias, ((Number) e.getValue()).longValue());
        }
        return out;
    }

    public static Map<String, Long> read(Path file, String source) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, source);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }
}
