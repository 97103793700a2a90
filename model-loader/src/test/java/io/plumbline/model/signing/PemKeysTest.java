package io.plumbline.model.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.model.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM keys as OpenSSL writes them; the algorithms and formats refused, each with its reason. */
class PemKeysTest {
    private static final Path OPENSSL = Path.of("src/test/resources/io/plumbline/model/signing");

    @TempDir
    Path tmp;

    @Test
    void opensslKeys_readWithTheKeyIdsOpensslComputes() throws Exception {
        // Expected ids from: openssl pkey -pubin -in <key> -outform DER | sha256sum | cut -c1-16 (README).
        assertEquals("d58a67771b51a234", PemKeys.keyId(PemKeys.readPublicKeys(OPENSSL.resolve("ec-public.pem")).get(0)));
        assertEquals("3bf2913bb4c19872",
                PemKeys.keyId(PemKeys.readPublicKeys(OPENSSL.resolve("ed25519-public.pem")).get(0)));
        assertEquals("EC", PemKeys.readPrivateKey(OPENSSL.resolve("ec-private.pem")).getAlgorithm());
        assertTrue(PemKeys.readPrivateKey(OPENSSL.resolve("ed25519-private.pem")).getAlgorithm().startsWith("Ed"));
    }

    @Test
    void aFileWithTwoPublicKeys_yieldsBoth() throws Exception {
        Path both = tmp.resolve("both.pem");
        Files.writeString(both, Files.readString(OPENSSL.resolve("ec-public.pem")) + "# comment\n"
                + Files.readString(OPENSSL.resolve("ed25519-public.pem")));
        assertEquals(2, PemKeys.readPublicKeys(both).size());
        assertEquals(2, TrustedKeys.load(List.of(both)).size());
    }

    @Test
    void rsaAndOtherCurves_areRefused() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Files.writeString(tmp.resolve("rsa.pem"), TestKeys.pem("PUBLIC KEY", rsa.generateKeyPair().getPublic().getEncoded()));
        assertTrue(refusal(tmp.resolve("rsa.pem")).contains("not an ECDSA P-256 or Ed25519 key"));
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        Files.writeString(tmp.resolve("p384.pem"), TestKeys.pem("PUBLIC KEY", ec.generateKeyPair().getPublic().getEncoded()));
        assertTrue(refusal(tmp.resolve("p384.pem")).contains("other than P-256"));
    }

    @Test
    void privateKeyFormatsOtherThanPkcs8_areRefusedWithTheConversion() throws Exception {
        Files.writeString(tmp.resolve("sec1.pem"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertTrue(assertThrows(GeneralSecurityException.class, () -> PemKeys.readPrivateKey(tmp.resolve("sec1.pem")))
                .getMessage().contains("openssl pkcs8 -topk8 -nocrypt"));
        Files.writeString(tmp.resolve("enc.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertTrue(assertThrows(GeneralSecurityException.class, () -> PemKeys.readPrivateKey(tmp.resolve("enc.pem")))
                .getMessage().contains("expected an unencrypted PKCS#8"));
    }

    @Test
    void aPrivateKeyAmongTrustedKeys_orAnEmptyFile_isRefusedAtStart() throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TrustedKeys.load(List.of(OPENSSL.resolve("ec-private.pem")))).getMessage()
                .contains("trusted keys are 'PUBLIC KEY' blocks"));
        Files.writeString(tmp.resolve("empty.pem"), "");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustedKeys.load(List.of(tmp.resolve("empty.pem"))))
                .getMessage().contains("no '-----BEGIN PUBLIC KEY-----' block"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustedKeys.load(List.of(tmp.resolve("nope"))))
                .getMessage().contains("does not exist"));
    }

    private static String refusal(Path file) {
        return assertThrows(GeneralSecurityException.class, () -> PemKeys.readPublicKeys(file)).getMessage();
    }
}
