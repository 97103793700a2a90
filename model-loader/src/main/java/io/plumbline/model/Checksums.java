package io.plumbline.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Verifies a version directory against its {@code SHA256SUMS} (the format {@code sha256sum}
 * writes: {@code <hex>  <relative path>}, text or binary marker). A version without the file is
 * accepted unverified; a listed file that is missing or differs refuses the version.
 */
public final class Checksums {
    public static final String FILE_NAME = "SHA256SUMS";

    private Checksums() {
    }

    /** @return the number of files verified (0 when there is no SHA256SUMS) */
    public static int verify(Path versionDir, String what) throws ModelLoadException {
        Path sums = versionDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(sums)) {
            return 0;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(sums, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelLoadException(what + ": cannot read " + FILE_NAME + ": " + e.getMessage(), e);
        }
        int verified = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space != 64) {
                throw new ModelLoadException(what + ": " + FILE_NAME + " line " + (i + 1)
                        + " is not '<64 hex digits>  <file>'");
            }
            String expected = line.substring(0, 64).toLowerCase(java.util.Locale.ROOT);
            String name = line.substring(space).strip();
            if (name.startsWith("*")) {
                name = name.substring(1);
            }
            Path file = versionDir.resolve(name).normalize();
            if (!file.startsWith(versionDir.normalize())) {
                throw new ModelLoadException(what + ": " + FILE_NAME + " names '" + name + "' outside the version directory");
            }
            if (!Files.isRegularFile(file)) {
                throw new ModelLoadException(what + ": " + FILE_NAME + " lists '" + name + "' but the file is missing");
            }
            String actual = sha256(file);
            if (!actual.equals(expected)) {
                throw new ModelLoadException(what + ": checksum mismatch for '" + name + "': " + FILE_NAME
                        + " says " + expected + ", file has " + actual + " (the file is corrupt or was replaced; "
                        + "re-upload it or update " + FILE_NAME + ")");
            }
            verified++;
        }
        return verified;
    }

    public static String sha256(Path file) throws ModelLoadException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
