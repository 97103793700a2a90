package io.plumbline.serving.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM key stores from openssl-made files: the key formats accepted, and the ones refused with a reason. */
class PemMaterialTest {
    @TempDir
    Path dir;

    @Test
    void pkcs8EcAndPkcs1Rsa_keys_loadWithTheirCertificates() throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        certs.ca("ca");
        certs.leaf("ec", "ca", "localhost", 11, true, false);
        certs.leaf("rsa", "ca", "localhost", 12, true, true);
        assertTrue(Files.readString(dir.resolve("rsa.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        for (String name : new String[] {"ec", "rsa"}) {
            KeyStore ks = PemMaterial.keyStore(Files.readAllBytes(dir.resolve(name + ".crt")),
                    Files.readAllBytes(dir.resolve(name + ".key")));
            X509Certificate cert = (X509Certificate) ks.getCertificate(PemMaterial.ALIAS);
            assertEquals(TestCertificates.read(dir.resolve(name + ".crt")), cert, name);
        }
    }

    @Test
    void aKeyFromAnotherPair_isRefused() throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        certs.ca("ca");
        certs.leaf("a", "ca", "localhost", 21, true, false);
        certs.leaf("b", "ca", "localhost", 22, true, false);
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> PemMaterial.keyStore(
                Files.readAllBytes(dir.resolve("a.crt")), Files.readAllBytes(dir.resolve("b.key"))));
        assertTrue(e.getMessage().contains("does not belong to the certificate"), e.getMessage());
    }

    @Test
    void sec1EcKeys_areRefusedWithTheConversionCommand() throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        certs.ca("ca");
        new ProcessBuilder("openssl", "ec", "-in", "ca.key", "-out", "sec1.key").directory(dir.toFile())
                .redirectErrorStream(true).start().waitFor();
        assertTrue(Files.readString(dir.resolve("sec1.key")).contains("BEGIN EC PRIVATE KEY"));
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
                () -> PemMaterial.privateKey(Files.readAllBytes(dir.resolve("sec1.key"))));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
    }
}
