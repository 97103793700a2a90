package io.plumbline.model.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ECDSA P-256 and Ed25519 keys from PEM, as OpenSSL writes them: public keys as X.509
 * SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}, {@code openssl pkey -pubout}), private keys as
 * unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}, {@code openssl genpkey}). Other curves and RSA
 * are refused: two algorithms are enough, and each one accepted is one more to get right.
 */
public final class PemKeys {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final ECParameterSpec P256 = p256();

    private PemKeys() {
    }

    /** Every public key in a PEM file (a file may hold several). */
    public static List<PublicKey> readPublicKeys(Path file) throws IOException, GeneralSecurityException {
        List<PublicKey> keys = new ArrayList<>();
        for (String[] block : blocks(file)) {
            if (!block[0].equals("PUBLIC KEY")) {
                throw new GeneralSecurityException(file + ": holds a '" + block[0] + "' block; trusted keys are "
                        + "'PUBLIC KEY' blocks (openssl pkey -in private.pem -pubout)");
            }
            keys.add(key(block[1], X509EncodedKeySpec::new, (kf, spec) -> kf.generatePublic(spec), file));
        }
        if (keys.isEmpty()) {
            throw new GeneralSecurityException(file + ": no '-----BEGIN PUBLIC KEY-----' block");
        }
        return keys;
    }

    /** The one private key of a PEM file. */
    public static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        List<String[]> blocks = blocks(file);
        if (blocks.size() != 1) {
            throw new GeneralSecurityException(file + ": expected one '-----BEGIN PRIVATE KEY-----' block, found "
                    + blocks.size());
        }
        String type = blocks.get(0)[0];
        if (type.equals("EC PRIVATE KEY")) {
            throw new GeneralSecurityException(file + ": an OpenSSL 'EC PRIVATE KEY' (SEC1); convert it to PKCS#8 "
                    + "with: openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out key.pem");
        }
        if (!type.equals("PRIVATE KEY")) {
            throw new GeneralSecurityException(file + ": holds a '" + type + "' block; expected an unencrypted "
                    + "PKCS#8 'PRIVATE KEY' (openssl genpkey -algorithm ed25519, or -algorithm EC "
                    + "-pkeyopt ec_paramgen_curve:P-256)");
        }
        return key(blocks.get(0)[1], PKCS8EncodedKeySpec::new, (kf, spec) -> kf.generatePrivate(spec), file);
    }

    /** A signature object for the key: SHA256withECDSA for P-256, Ed25519 for Ed25519. */
    static Signature signatureFor(Key key) throws GeneralSecurityException {
        return Signature.getInstance(key instanceof ECKey ? "SHA256withECDSA" : "Ed25519");
    }

    /** "ECDSA P-256" or "Ed25519", for messages. */
    static String describe(Key key) {
        return key instanceof ECKey ? "ECDSA P-256" : "Ed25519";
    }

    /**
     * The first 16 hex digits of the SHA-256 of the key's SubjectPublicKeyInfo, a short name for
     * logs: {@code openssl pkey -pubin -in key.pem -outform DER | sha256sum} shows the same digits.
     */
    public static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()))
                    .substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    @FunctionalInterface
    private interface Generator<K> {
        K generate(KeyFactory factory, KeySpec spec) throws InvalidKeySpecException;
    }

    /** Tries EC, then Ed25519: the DER names its algorithm, and each factory refuses the other's. */
    private static <K extends Key> K key(String base64, Function<byte[], KeySpec> spec, Generator<K> generator,
            Path file) throws GeneralSecurityException {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(file + ": the PEM block is not valid base64");
        }
        for (String algorithm : List.of("EC", "Ed25519")) {
            K key;
            try {
                key = generator.generate(KeyFactory.getInstance(algorithm), spec.apply(der));
            } catch (InvalidKeySpecException | RuntimeException e) {
                continue;
            }
            if (key instanceof ECKey ec && !isP256(ec.getParams())) {
                throw new GeneralSecurityException(file + ": an EC key on a curve other than P-256 (prime256v1); "
                        + "only P-256 and Ed25519 keys are supported");
            }
            return key;
        }
        throw new GeneralSecurityException(file + ": not an ECDSA P-256 or Ed25519 key (RSA and other algorithms "
                + "are not supported)");
    }

    private static boolean isP256(ECParameterSpec p) {
        return p.getOrder().equals(P256.getOrder()) && p.getCurve().equals(P256.getCurve())
                && p.getGenerator().equals(P256.getGenerator()) && p.getCofactor() == P256.getCofactor();
    }

    private static List<String[]> blocks(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        List<String[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is required by every JDK", e);
        }
    }
}
