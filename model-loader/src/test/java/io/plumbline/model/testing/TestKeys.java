package io.plumbline.model.testing;

import io.plumbline.model.signing.SignCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;

/**
 * Signing keys made by the test (KeyPairGenerator), written as the PEM files OpenSSL writes:
 * {@code <name>-private.pem} (PKCS#8) and {@code <name>-public.pem} (X.509 SubjectPublicKeyInfo).
 */
public final class TestKeys {
    private TestKeys() {
    }

    /** A new key pair: {@code "EC"} (P-256) or {@code "Ed25519"}. */
    public static KeyPair generate(String algorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes both PEM files into {@code dir}; returns the private key's file. */
    public static Path write(KeyPair pair, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + "-public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return Files.writeString(dir.resolve(name + "-private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    }

    public static Path publicPem(Path privatePem) {
        return privatePem.resolveSibling(privatePem.getFileName().toString().replace("-private.pem", "-public.pem"));
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Runs the {@code sign} command on a version directory; fails the test when it does not exit 0. */
    public static void sign(Path privatePem, Path versionDir, String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of("--key", privatePem.toString()));
        args.addAll(List.of(extra));
        args.add(versionDir.toString());
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int rc = new SignCommand().run(args, ps, ps);
        if (rc != 0) {
            throw new UncheckedIOException(new IOException("sign exited " + rc + ": " + out.toString(StandardCharsets.UTF_8)));
        }
    }
}
