package io.plumbline.model.signing;

import io.plumbline.model.Checksums;
import io.plumbline.model.ModelLoadException;
import io.plumbline.model.VersionVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a version's {@code SHA256SUMS.sig} against the trusted keys, then its files against
 * SHA256SUMS, reading SHA256SUMS once so the bytes signed are the bytes checked.
 *
 * <p>The rules: a model that requires a signature (see {@link SignaturePolicy}) loads only when
 * the signature verifies with a trusted key, SHA256SUMS matches every file and lists every file.
 * A signature that is present is checked whenever trusted keys are configured, also where none is
 * required, and a wrong one refuses the version: a signature that does not verify means the files
 * are not what someone signed, which is worse than no signature. Without trusted keys nothing can
 * be checked, so signatures are ignored and versions load on their checksums, as they always did.
 */
public final class SignatureVerifier implements VersionVerifier {
    private final SignaturePolicy policy;
    private final TrustedKeys keys;

    /** @throws IllegalArgumentException when signatures are required but no key is trusted */
    public SignatureVerifier(SignaturePolicy policy, TrustedKeys keys) {
        if (policy.requiresAny() && keys.isEmpty()) {
            throw new IllegalArgumentException("plumbline.registry.require-signature is on but "
                    + "plumbline.registry.trusted-keys names no public key: no version could ever load");
        }
        this.policy = policy;
        this.keys = keys;
    }

    @Override
    public String verify(String model, Path versionDir, String what) throws ModelLoadException {
        boolean required = policy.requires(model);
        Path sigFile = versionDir.resolve(SignatureFile.FILE_NAME);
        boolean signed = Files.isRegularFile(sigFile);
        if (!required && (!signed || keys.isEmpty())) {
            return CHECKSUMS.verify(model, versionDir, what)
                    + (signed ? "; " + SignatureFile.FILE_NAME + " not checked: no trusted keys configured" : "");
        }
        if (!signed) {
            throw new ModelLoadException(what + ": unsigned (no " + SignatureFile.FILE_NAME + ") and model '" + model
                    + "' requires a signature; sign it with: plumbline-serving.jar sign --key <private.pem> <dir>");
        }
        byte[] sums = Checksums.read(versionDir, what);
        if (sums == null) {
            throw new ModelLoadException(what + ": " + SignatureFile.FILE_NAME + " is present but "
                    + Checksums.FILE_NAME + ", the file it signs, is missing");
        }
        String keyId = signer(sums, readSignature(sigFile, what));
        if (keyId == null) {
            throw new ModelLoadException(what + ": " + SignatureFile.FILE_NAME + " does not verify with any of the "
                    + keys.size() + " trusted key(s): it was made by a key that is not trusted, or "
                    + Checksums.FILE_NAME + " changed after signing");
        }
        Set<String> listed = Checksums.verify(versionDir, what, sums);
        Set<String> unlisted = new TreeSet<>(files(versionDir, what));
        unlisted.removeAll(listed);
        if (!unlisted.isEmpty()) {
            throw new ModelLoadException(what + ": " + unlisted + " not listed in " + Checksums.FILE_NAME
                    + ": a signed version must list every file, or the signature would not cover it");
        }
        return listed.size() + " file(s) checksum-verified, " + Checksums.FILE_NAME + " signed by trusted key "
                + keyId + " (" + PemKeys.describe(keys.byId().get(keyId)) + ")";
    }

    /** The id of the first trusted key that verifies one of the signatures, or null. */
    private String signer(byte[] sums, List<byte[]> signatures) {
        for (byte[] signature : signatures) {
            for (Map.Entry<String, PublicKey> k : keys.byId().entrySet()) {
                if (verifies(k.getValue(), sums, signature)) {
                    return k.getKey();
                }
            }
        }
        return null;
    }

    static boolean verifies(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = PemKeys.signatureFor(key);
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A signature of the other algorithm, or malformed DER: it does not verify with this key.
            return false;
        }
    }

    private static List<byte[]> readSignature(Path file, String what) throws ModelLoadException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes(SignatureFile.MAX_BYTES + 1);
            if (content.length > SignatureFile.MAX_BYTES) {
                throw new ModelLoadException(what + ": " + SignatureFile.FILE_NAME + " is larger than "
                        + SignatureFile.MAX_BYTES + " bytes; it is not a signature file");
            }
            return SignatureFile.decode(content);
        } catch (IOException e) {
            throw new ModelLoadException(what + ": cannot read " + SignatureFile.FILE_NAME + ": " + e.getMessage(), e);
        }
    }

    private static Set<String> files(Path versionDir, String what) throws ModelLoadException {
        try {
            return VersionFiles.list(versionDir);
        } catch (IOException e) {
            throw new ModelLoadException(what + ": cannot list the version's files: " + e.getMessage(), e);
        }
    }
}
