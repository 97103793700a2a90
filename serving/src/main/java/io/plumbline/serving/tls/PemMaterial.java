package io.plumbline.serving.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key stores from PEM bytes, as the JDK's TLS wants them. Private keys: PKCS#8
 * ({@code BEGIN PRIVATE KEY}: RSA, EC, Ed25519; what OpenSSL 3 writes) and RSA PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}: cert-manager's default encoding), which is PKCS#8 with a fixed
 * header. An {@code EC PRIVATE KEY} (SEC1) is refused with the command that converts it.
 */
final class PemMaterial {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    /** DER of AlgorithmIdentifier { rsaEncryption, NULL }: what turns PKCS#1 into PKCS#8. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    static final String ALIAS = "plumbline";

    private PemMaterial() {
    }

    /** A key store holding the key and its chain; refuses a key that does not belong to the certificate. */
    static KeyStore keyStore(byte[] certPem, byte[] keyPem) throws GeneralSecurityException {
        List<X509Certificate> chain = certificates(certPem, "plumbline.tls.cert");
        PrivateKey key = privateKey(keyPem);
        requireMatch(key, chain.get(0));
        KeyStore ks = emptyStore();
        // No password: Micronaut's HTTP server opens the key with none (as its own PEM provider stores it).
        ks.setKeyEntry(ALIAS, key, null, chain.toArray(new X509Certificate[0]));
        return ks;
    }

    /** A trust store of the CA certificates in the file. */
    static KeyStore trustStore(byte[] caPem) throws GeneralSecurityException {
        KeyStore ks = emptyStore();
        List<X509Certificate> cas = certificates(caPem, "plumbline.tls.client-ca");
        for (int i = 0; i < cas.size(); i++) {
            ks.setCertificateEntry("ca" + i, cas.get(i));
        }
        return ks;
    }

    static List<X509Certificate> certificates(byte[] pem, String what) throws GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (String[] block : blocks(pem)) {
            if (block[0].equals("CERTIFICATE")) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der(block[1]))));
            }
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException(what + ": no '-----BEGIN CERTIFICATE-----' block");
        }
        return out;
    }

    static PrivateKey privateKey(byte[] pem) throws GeneralSecurityException {
        List<String[]> blocks = blocks(pem);
        if (blocks.size() != 1) {
            throw new GeneralSecurityException("plumbline.tls.key: expected one private key block, found " + blocks.size());
        }
        String type = blocks.get(0)[0];
        byte[] der = der(blocks.get(0)[1]);
        switch (type) {
            case "PRIVATE KEY":
                for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (InvalidKeySpecException e) {
                        // the DER names another algorithm: try the next
                    }
                }
                throw new GeneralSecurityException("plumbline.tls.key: not a readable PKCS#8 RSA, EC or Ed25519 key");
            case "RSA PRIVATE KEY":
                return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1ToPkcs8(der)));
            case "EC PRIVATE KEY":
                throw new GeneralSecurityException("plumbline.tls.key: an 'EC PRIVATE KEY' (SEC1); convert it with "
                        + "openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem (cert-manager: "
                        + "privateKey.encoding: PKCS8)");
            default:
                throw new GeneralSecurityException("plumbline.tls.key: a '" + type + "' block; expected an "
                        + "unencrypted 'PRIVATE KEY' or 'RSA PRIVATE KEY'");
        }
    }

    /** Signs and verifies a nonce: a key and certificate from two different rotations never pair. */
    private static void requireMatch(PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        Signature s = Signature.getInstance(algorithm);
        s.initSign(key);
        s.update(nonce);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(algorithm);
        v.initVerify(cert.getPublicKey());
        v.update(nonce);
        if (!v.verify(sig)) {
            throw new GeneralSecurityException("plumbline.tls.key does not belong to the certificate in plumbline.tls.cert "
                    + "(" + cert.getSubjectX500Principal() + ")");
        }
    }

    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00}); // version 0
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04); // OCTET STRING holding the PKCS#1 key
        body.writeBytes(length(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(length(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** A DER length: short form below 128, else 0x80 + the number of length bytes. */
    private static byte[] length(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
        byte[] out = new byte[bytes + 1];
        out[0] = (byte) (0x80 | bytes);
        for (int i = bytes; i > 0; i--) {
            out[i] = (byte) n;
            n >>>= 8;
        }
        return out;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        return ks;
    }

    private static List<String[]> blocks(byte[] pem) {
        List<String[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }

    private static byte[] der(String base64) throws GeneralSecurityException {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("a PEM block is not valid base64", e);
        }
    }
}
