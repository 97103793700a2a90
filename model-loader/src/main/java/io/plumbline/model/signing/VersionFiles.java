package io.plumbline.model.signing;

import io.plumbline.model.Checksums;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files of a version that SHA256SUMS must list: every regular file below the version
 * directory, at any depth, except SHA256SUMS and its signature. A file left out of SHA256SUMS
 * would be outside what the signature covers, and an engine may still read it (ONNX external data,
 * a DJL model directory), so a signed version lists them all.
 */
final class VersionFiles {
    private VersionFiles() {
    }

    /** Relative paths with '/' separators, sorted. */
    static Set<String> list(Path versionDir) throws IOException {
        Path root = versionDir.normalize();
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!Files.isDirectory(p)) {
                    out.add(root.relativize(p).toString().replace(java.io.File.separatorChar, '/'));
                }
            }
        }
        out.remove(Checksums.FILE_NAME);
        out.remove(SignatureFile.FILE_NAME);
        return out;
    }
}
