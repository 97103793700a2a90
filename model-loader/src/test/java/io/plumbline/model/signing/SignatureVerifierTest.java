package io.plumbline.model.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.model.Checksums;
import io.plumbline.model.ModelLoadException;
import io.plumbline.model.testing.TestKeys;
import io.plumbline.model.testing.TestRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier's rules on real version directories (the demo model's files), one case each. */
class SignatureVerifierTest {
    private static final Path OPENSSL = Path.of("src/test/resources/io/plumbline/model/signing");

    @TempDir
    Path tmp;

    private Path version;
    private Path trustedKey;
    private Path otherKey;
    private TrustedKeys trusted;

    @BeforeEach
    void setUp() throws Exception {
        version = TestRepos.copyDemo(tmp.resolve("repo"), "weather").resolve("1");
        trustedKey = TestKeys.write(TestKeys.generate("EC"), tmp.resolve("keys"), "trusted");
        otherKey = TestKeys.write(TestKeys.generate("EC"), tmp.resolve("other"), "other");
        trusted = TrustedKeys.load(List.of(TestKeys.publicPem(trustedKey)));
    }

    private String verify(SignaturePolicy policy, TrustedKeys keys) throws ModelLoadException {
        return new SignatureVerifier(policy, keys).verify("weather", version, "weather/1");
    }

    private String refusal(SignaturePolicy policy, TrustedKeys keys) {
        return assertThrows(ModelLoadException.class, () -> verify(policy, keys)).getMessage();
    }

    private static final SignaturePolicy REQUIRED = new SignaturePolicy(true, List.of());

    @Test
    void signedByATrustedKey_verifiesAndNamesTheKey() throws Exception {
        TestKeys.sign(trustedKey, version);
        String id = PemKeys.keyId(PemKeys.readPublicKeys(TestKeys.publicPem(trustedKey)).get(0));
        assertEquals("2 file(s) checksum-verified, SHA256SUMS signed by trusted key " + id + " (ECDSA P-256)",
                verify(REQUIRED, trusted));
    }

    @Test
    void ed25519_signedByATrustedKey_verifies() throws Exception {
        Path ed = TestKeys.write(TestKeys.generate("Ed25519"), tmp.resolve("ed"), "ed");
        TestKeys.sign(ed, version);
        Path dir = Files.createDirectories(tmp.resolve("trusted-dir"));
        Files.copy(TestKeys.publicPem(ed), dir.resolve("ed.pub"));
        Files.copy(TestKeys.publicPem(trustedKey), dir.resolve("ec.pem"));
        Files.writeString(dir.resolve("notes.txt"), "not a key: a directory's other files are not read");
        assertTrue(verify(REQUIRED, TrustedKeys.load(List.of(dir))).endsWith("(Ed25519)"));
    }

    @Test
    void unsigned_isRefusedWhenRequired_andLoadsWhenNot() throws Exception {
        assertTrue(refusal(REQUIRED, trusted).startsWith("weather/1: unsigned (no SHA256SUMS.sig) and model "
                + "'weather' requires a signature"), refusal(REQUIRED, trusted));
        assertEquals("2 file(s) checksum-verified", verify(SignaturePolicy.OFF, trusted));
        assertEquals("2 file(s) checksum-verified", verify(SignaturePolicy.OFF, TrustedKeys.NONE));
    }

    @Test
    void signedByAnUntrustedKey_isRefusedWhenRequired() throws Exception {
        TestKeys.sign(otherKey, version);
        assertTrue(refusal(REQUIRED, trusted).contains("SHA256SUMS.sig does not verify with any of the 1 trusted "
                + "key(s)"), refusal(REQUIRED, trusted));
    }

    @Test
    void signedByAnUntrustedKey_withoutRequiredSignatures_isRefusedWhenKeysAreTrusted_andLoadsWithoutKeys()
            throws Exception {
        TestKeys.sign(otherKey, version);
        assertTrue(refusal(SignaturePolicy.OFF, trusted).contains("does not verify"));
        assertEquals("2 file(s) checksum-verified; SHA256SUMS.sig not checked: no trusted keys configured",
                verify(SignaturePolicy.OFF, TrustedKeys.NONE));
    }

    @Test
    void oneByteOfTheModelChangedAfterSigning_isRefusedByItsChecksum() throws Exception {
        TestKeys.sign(trustedKey, version);
        flipFirstByte(version.resolve("model.onnx"));
        assertTrue(refusal(REQUIRED, trusted).contains("checksum mismatch for 'model.onnx'"),
                refusal(REQUIRED, trusted));
    }

    @Test
    void modelAndSumsBothRewrittenAfterSigning_isRefusedByTheSignature_andLoadsWithoutRequiredSignatures()
            throws Exception {
        TestKeys.sign(trustedKey, version);
        flipFirstByte(version.resolve("model.onnx"));
        TestRepos.writeSums(version, "model.onnx", "reference-profile.json");
        assertTrue(refusal(REQUIRED, trusted).contains("does not verify"), refusal(REQUIRED, trusted));
        assertEquals("2 file(s) checksum-verified; SHA256SUMS.sig not checked: no trusted keys configured",
                verify(SignaturePolicy.OFF, TrustedKeys.NONE), "as today: the checksums alone match");
    }

    @Test
    void aFileAddedAfterSigning_isRefusedAsNotCoveredBySHA256SUMS() throws Exception {
        TestKeys.sign(trustedKey, version);
        Files.createDirectories(version.resolve("extra"));
        Files.writeString(version.resolve("extra/weights.bin"), "not signed");
        assertTrue(refusal(REQUIRED, trusted).contains("[extra/weights.bin] not listed in SHA256SUMS"),
                refusal(REQUIRED, trusted));
    }

    @Test
    void aSignatureWithoutSHA256SUMS_isRefused() throws Exception {
        TestKeys.sign(trustedKey, version);
        Files.delete(version.resolve(Checksums.FILE_NAME));
        assertTrue(refusal(REQUIRED, trusted).contains("SHA256SUMS, the file it signs, is missing"));
    }

    @Test
    void anOversizedSignatureFile_isRefusedUnread() throws Exception {
        Files.write(version.resolve(SignatureFile.FILE_NAME), new byte[SignatureFile.MAX_BYTES + 1]);
        assertTrue(refusal(REQUIRED, trusted).contains("is larger than 65536 bytes"));
    }

    @Test
    void perModelPatterns_requireSignaturesOnlyForTheModelsNamed() throws Exception {
        SignaturePolicy fraudOnly = new SignaturePolicy(false, List.of("fraud-*", "exact"));
        SignatureVerifier v = new SignatureVerifier(fraudOnly, trusted);
        assertEquals("2 file(s) checksum-verified", v.verify("weather", version, "weather/1"));
        assertTrue(assertThrows(ModelLoadException.class, () -> v.verify("fraud-eu", version, "fraud-eu/1"))
                .getMessage().contains("requires a signature"));
        assertThrows(ModelLoadException.class, () -> v.verify("exact", version, "exact/1"));
        assertEquals("2 file(s) checksum-verified", v.verify("exactly", version, "exactly/1"));
        assertThrows(IllegalArgumentException.class, () -> new SignaturePolicy(false, List.of("a*b")));
    }

    @Test
    void requiredSignaturesWithoutTrustedKeys_refuseToStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SignatureVerifier(REQUIRED, TrustedKeys.NONE));
        assertTrue(e.getMessage().contains("names no public key"), e.getMessage());
    }

    @Test
    void signaturesMadeByOpenssl_verify_rawDerAndBase64() throws Exception {
        // SHA256SUMS and both signatures were made with openssl (see the README beside them).
        Files.copy(OPENSSL.resolve("SHA256SUMS"), version.resolve(Checksums.FILE_NAME),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(version.resolve("reference-profile.json"));
        TrustedKeys openssl = TrustedKeys.load(List.of(OPENSSL.resolve("ec-public.pem"),
                OPENSSL.resolve("ed25519-public.pem")));
        Files.copy(OPENSSL.resolve("SHA256SUMS.ec.sig"), version.resolve(SignatureFile.FILE_NAME));
        assertEquals("1 file(s) checksum-verified, SHA256SUMS signed by trusted key d58a67771b51a234 (ECDSA P-256)",
                verify(REQUIRED, openssl));
        Files.copy(OPENSSL.resolve("SHA256SUMS.ed25519.sig"), version.resolve(SignatureFile.FILE_NAME),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals("1 file(s) checksum-verified, SHA256SUMS signed by trusted key 3bf2913bb4c19872 (Ed25519)",
                verify(REQUIRED, openssl));
        assertTrue(refusal(REQUIRED, TrustedKeys.load(List.of(OPENSSL.resolve("ec-public.pem"))))
                .contains("does not verify"), "the Ed25519 signature with only the EC key trusted");
    }

    @Test
    void severalSignatureLines_anyTrustedOneVerifies() throws Exception {
        TestKeys.sign(otherKey, version);
        String first = Files.readString(version.resolve(SignatureFile.FILE_NAME));
        TestKeys.sign(trustedKey, version);
        Files.writeString(version.resolve(SignatureFile.FILE_NAME),
                first + "a line that is not base64\n" + Files.readString(version.resolve(SignatureFile.FILE_NAME)));
        assertTrue(verify(REQUIRED, trusted).contains("signed by trusted key"));
    }

    private static void flipFirstByte(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        b[0] ^= 1;
        Files.write(file, b);
    }
}
