package io.plumbline.model.signing;

import io.plumbline.model.AtomicFiles;
import io.plumbline.model.Checksums;
import io.plumbline.model.ModelLoadException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code plumbline-serving.jar sign --key private.pem [--refresh] models/weather/2}: writes
 * {@code SHA256SUMS.sig} for a version directory.
 *
 * <p>Without SHA256SUMS it is written first, listing every file. An existing SHA256SUMS is signed
 * only if it matches the files and lists them all: signing is a statement about the bytes on disk,
 * so a stale or incomplete SHA256SUMS is an error to look at, not something to paper over. After
 * checking the files, {@code --refresh} rewrites it from them.
 */
public final class SignCommand {
    static final String USAGE = "usage: sign --key <private-key.pem> [--refresh] <version-directory>\n"
            + "  Writes <version-directory>/" + SignatureFile.FILE_NAME + ", a signature over its "
            + Checksums.FILE_NAME + " (written first when absent).\n"
            + "  --key      unencrypted PKCS#8 PEM, ECDSA P-256 or Ed25519 (openssl genpkey -algorithm ed25519)\n"
            + "  --refresh  rewrite " + Checksums.FILE_NAME + " from the files when it no longer matches them";

    /** @return the exit status: 0 signed, 1 failed, 2 usage error */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Path key = null;
        Path dir = null;
        boolean refresh = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--key") && i + 1 < args.size()) {
                key = Path.of(args.get(++i));
            } else if (a.equals("--refresh")) {
                refresh = true;
            } else if (a.equals("-h") || a.equals("--help")) {
                out.println(USAGE);
                return 0;
            } else if (!a.startsWith("-") && dir == null) {
                dir = Path.of(a);
            } else {
                err.println("sign: unexpected argument '" + a + "'\n" + USAGE);
                return 2;
            }
        }
        if (key == null || dir == null) {
            err.println(USAGE);
            return 2;
        }
        try {
            sign(key, dir, refresh, out);
            return 0;
        } catch (IOException | GeneralSecurityException | ModelLoadException e) {
            err.println("sign: " + e.getMessage());
            return 1;
        }
    }

    private static void sign(Path keyFile, Path dir, boolean refresh, PrintStream out)
            throws IOException, GeneralSecurityException, ModelLoadException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory (give a version directory, e.g. models/weather/2)");
        }
        PrivateKey key = PemKeys.readPrivateKey(keyFile);
        String what = dir.toString();
        byte[] sums = Checksums.read(dir, what);
        String stale = sums == null ? null : staleness(dir, what, sums);
        if (sums == null || stale != null && refresh) {
            sums = writeSums(dir);
            out.println("wrote " + dir.resolve(Checksums.FILE_NAME) + " (" + VersionFiles.list(dir).size()
                    + " file(s))");
        } else if (stale != null) {
            throw new IOException(stale + "; check the files, then run again with --refresh to rewrite "
                    + Checksums.FILE_NAME + " from them");
        }
        Signature s = PemKeys.signatureFor(key);
        s.initSign(key);
        s.update(sums);
        Path sig = dir.resolve(SignatureFile.FILE_NAME);
        AtomicFiles.write(sig, SignatureFile.encode(s.sign()).getBytes(StandardCharsets.US_ASCII));
        out.println("signed " + dir.resolve(Checksums.FILE_NAME) + " with " + PemKeys.describe(key) + " key "
                + keyFile + " -> " + sig);
    }

    /** Why SHA256SUMS does not describe the files, or null when it does. */
    private static String staleness(Path dir, String what, byte[] sums) throws IOException {
        Set<String> listed;
        try {
            listed = Checksums.verify(dir, what, sums);
        } catch (ModelLoadException e) {
            return e.getMessage();
        }
        Set<String> unlisted = new TreeSet<>(VersionFiles.list(dir));
        unlisted.removeAll(listed);
        return unlisted.isEmpty() ? null : Checksums.FILE_NAME + " does not list " + unlisted;
    }

    /** SHA256SUMS in sha256sum's text format, every file of the version, sorted. */
    private static byte[] writeSums(Path dir) throws IOException, ModelLoadException {
        StringBuilder b = new StringBuilder();
        for (String f : VersionFiles.list(dir)) {
            b.append(Checksums.sha256(dir.resolve(f))).append("  ").append(f).append('\n');
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve(Checksums.FILE_NAME), bytes);
        return bytes;
    }
}
