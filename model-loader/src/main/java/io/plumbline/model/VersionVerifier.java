package io.plumbline.model;

import java.nio.file.Path;

/**
 * Checks a version directory's files before an engine reads them. The default checks
 * {@code SHA256SUMS} only; {@code io.plumbline.model.signing} adds a signature over it. An
 * interface here, not a call into that package, so the catalog does not depend on how signatures
 * work (and the two packages do not depend on each other in a cycle).
 */
@FunctionalInterface
public interface VersionVerifier {
    /** {@link Checksums} alone: a version without SHA256SUMS loads unverified. */
    VersionVerifier CHECKSUMS = (model, dir, what) -> Checksums.verify(dir, what) + " file(s) checksum-verified";

    /**
     * @param model the model's name (policies may differ per model)
     * @param versionDir the local directory of the version's files
     * @param what {@code model/version}, for messages
     * @return what was verified, for the load's log line
     * @throws ModelLoadException with the reason the version is refused
     */
    String verify(String model, Path versionDir, String what) throws ModelLoadException;
}
