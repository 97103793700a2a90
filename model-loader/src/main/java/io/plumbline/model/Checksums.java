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
import java.util.Set;
import java.util.TreeSet;

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
        byte[] content = read(versionDir, what);
        return content == null ? 0 : verify(versionDir, what, content).size();
    }

    /** The bytes of the version's SHA256SUMS, or null when it has none. */
    public static byte[] read(Path versionDir, String what) throws ModelLoadException {
        Path sums = versionDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(sums)) {
            return null;
        }
        try {
            return Files.readAllBytes(sums);
        } catch (IOException e) {
            throw new ModelLoadException(what + ": cannot read " + FILE_NAME + ": " + e.getMessage(), e);
        }
    }

    /**
     * Verifies the files against {@code content}, the bytes of SHA256SUMS as read once: a caller
     * that also checks a signature over them passes the same bytes, so the file cannot change
     * between the signature check and this one.
     *
     * @return the listed files, relative to the version directory with '/' separators
     */
    public static Set<String> verify(Path versionDir, String what, byte[] content) throws ModelLoadException {
        Path root = versionDir.normalize();
        List<String> lines = new String(content, StandardCharsets.UTF_8).lines().toList();
        Set<String> listed = new TreeSet<>();
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
            if (!file.startsWith(root)) {
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
            listed.add(root.relativize(file).toString().replace(java.io.File.separatorChar, '/'));
        }
        return listed;
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
