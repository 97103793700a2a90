package io.plumbline.model.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.model.Checksums;
import io.plumbline.model.ModelLoadException;
import io.plumbline.model.testing.TestKeys;
import io.plumbline.model.testing.TestRepos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sign} command: what it writes verifies, and it refuses to sign what it should not. */
class SignCommandTest {
    private static final Path OPENSSL = Path.of("src/test/resources/io/plumbline/model/signing");
    private static final SignaturePolicy REQUIRED = new SignaturePolicy(true, List.of());

    @TempDir
    Path tmp;

    private Path version;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        version = TestRepos.copyDemo(tmp.resolve("repo"), "weather").resolve("1");
    }

    private int sign(String... args) {
        return new SignCommand().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String verify(Path publicPem) throws ModelLoadException {
        return new SignatureVerifier(REQUIRED, TrustedKeys.load(List.of(publicPem))).verify("weather", version, "w/1");
    }

    @Test
    void withoutSHA256SUMS_writesTheSameFileSha256sumWrote_andASignatureThatVerifies() throws Exception {
        byte[] committed = Files.readAllBytes(TestRepos.demoModel().resolve("1").resolve(Checksums.FILE_NAME));
        Files.delete(version.resolve(Checksums.FILE_NAME));
        Path key = TestKeys.write(TestKeys.generate("Ed25519"), tmp.resolve("k"), "k");
        assertEquals(0, sign("--key", key.toString(), version.toString()), err.toString());
        // models/weather/1/SHA256SUMS was written by sha256sum, an independent tool.
        assertArrayEquals(committed, Files.readAllBytes(version.resolve(Checksums.FILE_NAME)));
        assertTrue(out.toString().contains("wrote "), out.toString());
        assertTrue(verify(TestKeys.publicPem(key)).contains("signed by trusted key"));
    }

    @Test
    void opensslPrivateKeys_signAndTheirPublicKeysVerify() throws Exception {
        for (String k : List.of("ec", "ed25519")) {
            assertEquals(0, sign("--key", OPENSSL.resolve(k + "-private.pem").toString(), version.toString()),
                    err.toString());
            assertTrue(verify(OPENSSL.resolve(k + "-public.pem")).contains("signed by trusted key"), k);
        }
        assertTrue(assertThrows(ModelLoadException.class, () -> verify(TestKeys.publicPem(
                TestKeys.write(TestKeys.generate("EC"), tmp.resolve("x"), "x")))).getMessage().contains("does not verify"));
    }

    @Test
    void aStaleSHA256SUMS_isNotSigned_untilRefreshRewritesIt() throws Exception {
        Path key = TestKeys.write(TestKeys.generate("EC"), tmp.resolve("k"), "k");
        Files.writeString(version.resolve("labels.txt"), "sun\nrain\n");
        assertEquals(1, sign("--key", key.toString(), version.toString()));
        assertTrue(err.toString().contains("SHA256SUMS does not list [labels.txt]"), err.toString());
        assertTrue(Files.notExists(version.resolve(SignatureFile.FILE_NAME)), "nothing signed");

        assertEquals(0, sign("--key", key.toString(), "--refresh", version.toString()), err.toString());
        assertTrue(Files.readString(version.resolve(Checksums.FILE_NAME)).contains("  labels.txt\n"));
        assertTrue(verify(TestKeys.publicPem(key)).startsWith("3 file(s) checksum-verified"));
    }

    @Test
    void aFileThatNoLongerMatchesSHA256SUMS_isNotSigned() throws Exception {
        Path key = TestKeys.write(TestKeys.generate("EC"), tmp.resolve("k"), "k");
        Files.writeString(version.resolve("reference-profile.json"), "{}");
        assertEquals(1, sign("--key", key.toString(), version.toString()));
        assertTrue(err.toString().contains("checksum mismatch for 'reference-profile.json'"), err.toString());
    }

    @Test
    void usageErrors_exit2_andBadKeysExit1() throws Exception {
        assertEquals(2, sign(version.toString()));
        assertEquals(2, sign("--key"));
        assertEquals(2, sign("--key", "k.pem", "--bogus", version.toString()));
        assertEquals(0, sign("--help"));
        assertEquals(1, sign("--key", OPENSSL.resolve("ec-public.pem").toString(), version.toString()));
        assertEquals(1, sign("--key", OPENSSL.resolve("ec-private.pem").toString(), tmp.resolve("none").toString()));
        assertTrue(err.toString().contains("is not a directory"), err.toString());
    }
}
