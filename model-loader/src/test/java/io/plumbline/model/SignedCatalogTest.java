package io.plumbline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.model.engine.EngineOptions;
import io.plumbline.model.onnx.OnnxEngineFactory;
import io.plumbline.model.signing.SignatureVerifier;
import io.plumbline.model.signing.SignaturePolicy;
import io.plumbline.model.signing.TrustedKeys;
import io.plumbline.model.testing.TestKeys;
import io.plumbline.model.testing.TestRepos;
import io.plumbline.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed versions through the catalog on a real file repository, loaded by ONNX Runtime: with
 * required signatures, an unsigned, an untrusted-key and a tampered version 2 are each refused on
 * a reload (refresh, as the registry watcher calls it), reported in the index with the reason,
 * and version 1 keeps answering; without required signatures the same versions serve.
 */
class SignedCatalogTest {
    @TempDir
    Path tmp;

    private Path repo;
    private Path trustedKey;
    private Path untrustedKey;
    private ModelCatalog catalog;

    @BeforeEach
    void setUp() throws Exception {
        repo = tmp.resolve("repo");
        Path model = TestRepos.copyDemo(repo, "weather");
        Files.writeString(model.resolve("model.yaml"),
                Files.readString(model.resolve("model.yaml")).replace("latest: 1", "all"));
        trustedKey = TestKeys.write(TestKeys.generate("EC"), tmp.resolve("trusted"), "team");
        untrustedKey = TestKeys.write(TestKeys.generate("Ed25519"), tmp.resolve("untrusted"), "stranger");
        TestKeys.sign(trustedKey, model.resolve("1"));
    }

    @AfterEach
    void tearDown() {
        if (catalog != null) {
            catalog.close();
        }
    }

    private void open(boolean required) {
        SignatureVerifier verifier = new SignatureVerifier(new SignaturePolicy(required, List.of()),
                TrustedKeys.load(List.of(TestKeys.publicPem(trustedKey))));
        catalog = new ModelCatalog(new FileModelRepository(repo), List.of(new OnnxEngineFactory(EngineOptions.DEFAULT)),
                Clock.systemUTC(), verifier);
    }

    /** Version 2 as a registry publishes it: built aside, moved in with one rename. */
    private Path publish(long version, java.util.function.Consumer<Path> prepare) throws Exception {
        Path staging = Files.createTempDirectory(tmp, "staging");
        Path demo = TestRepos.demoModel().resolve("1");
        for (String f : List.of("model.onnx", "reference-profile.json", Checksums.FILE_NAME)) {
            Files.copy(demo.resolve(f), staging.resolve(f));
        }
        prepare.accept(staging);
        Path target = repo.resolve("weather").resolve(Long.toString(version));
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private VersionState state(long version) {
        return catalog.index().stream().filter(s -> s.model().equals("weather") && s.version() == version)
                .findFirst().orElseThrow();
    }

    /** An answer from the serving version proves it still serves, not just that it is listed. */
    private long servedVersion() throws Exception {
        LoadedModel m = catalog.resolve("weather", null);
        Tensor in = Tensor.ofFloats("features", new long[] {1, 4}, 1.2f, 25f, 14f, 2.2f);
        assertEquals(5, m.engine().run(Map.of("features", in), List.of("probabilities")).get(0).elementCount());
        return m.version();
    }

    private void sign(Path key, Path dir) {
        TestKeys.sign(key, dir);
    }

    @Test
    void required_unsignedVersion2_isRefusedOnReload_andVersion1KeepsServing() throws Exception {
        open(true);
        assertEquals(1, catalog.loadAll());
        LoadedModel v1 = catalog.resolve("weather", null);
        publish(2, dir -> { });
        catalog.refresh();
        assertEquals(VersionState.UNAVAILABLE, state(2).state());
        assertTrue(state(2).reason().startsWith("weather/2: unsigned (no SHA256SUMS.sig)"), state(2).reason());
        assertSame(v1, catalog.resolve("weather", null));
        assertEquals(1, servedVersion());

        // Every poll refuses it again while it stays unsigned; signing it makes it serve.
        catalog.refresh();
        assertEquals(VersionState.UNAVAILABLE, state(2).state());
        sign(trustedKey, repo.resolve("weather/2"));
        catalog.refresh();
        assertEquals(VersionState.READY, state(2).state());
        assertEquals(2, servedVersion());
    }

    @Test
    void required_version2SignedByAnUntrustedKey_isRefusedOnReload_andVersion1KeepsServing() throws Exception {
        open(true);
        catalog.loadAll();
        publish(2, dir -> sign(untrustedKey, dir));
        catalog.refresh();
        assertTrue(state(2).reason().contains("does not verify with any of the 1 trusted key(s)"), state(2).reason());
        assertEquals(1, servedVersion());
    }

    @Test
    void required_version2WithOneByteOfTheModelChangedAfterSigning_isRefused_andVersion1KeepsServing()
            throws Exception {
        open(true);
        catalog.loadAll();
        publish(2, dir -> {
            sign(trustedKey, dir);
            flipLastByte(dir.resolve("model.onnx"));
        });
        catalog.refresh();
        assertTrue(state(2).reason().contains("checksum mismatch for 'model.onnx'"), state(2).reason());
        assertEquals(1, servedVersion());
    }

    @Test
    void required_signedVersionTamperedInPlace_keepsServingItsPreviousFiles() throws Exception {
        open(true);
        catalog.loadAll();
        LoadedModel v1 = catalog.resolve("weather", null);
        Path v1dir = repo.resolve("weather/1");
        // The model and SHA256SUMS both rewritten: only the signature can tell.
        flipLastByte(v1dir.resolve("model.onnx"));
        TestRepos.writeSums(v1dir, "model.onnx", "reference-profile.json");
        catalog.refresh();
        assertSame(v1, catalog.resolve("weather", null), "the instance loaded from the signed files");
        assertEquals(VersionState.READY, state(1).state());
        assertTrue(state(1).reason().startsWith("serving the previous files; the new ones failed: weather/1: "
                + "SHA256SUMS.sig does not verify"), state(1).reason());
        assertEquals(1, servedVersion());
    }

    @Test
    void notRequired_unsignedAndUntrustedVersionsServe_withoutTrustedKeys() throws Exception {
        catalog = new ModelCatalog(new FileModelRepository(repo), List.of(new OnnxEngineFactory(EngineOptions.DEFAULT)),
                Clock.systemUTC(), new SignatureVerifier(SignaturePolicy.OFF, TrustedKeys.NONE));
        publish(2, dir -> { });
        publish(3, dir -> sign(untrustedKey, dir));
        assertEquals(3, catalog.loadAll());
        assertEquals(List.of(VersionState.READY, VersionState.READY, VersionState.READY),
                List.of(state(1).state(), state(2).state(), state(3).state()));
        assertEquals(3, servedVersion());
    }

    @Test
    void notRequired_withTrustedKeys_unsignedServes_butAWrongSignatureIsRefused() throws Exception {
        open(false);
        publish(2, dir -> { });
        publish(3, dir -> sign(untrustedKey, dir));
        assertEquals(2, catalog.loadAll());
        assertEquals(VersionState.READY, state(2).state());
        assertTrue(state(3).reason().contains("does not verify"), state(3).reason());
        assertEquals(2, servedVersion());
    }

    private static void flipLastByte(Path file) {
        try {
            byte[] b = Files.readAllBytes(file);
            b[b.length - 1] ^= 1;
            Files.write(file, b);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
