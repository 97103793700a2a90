package io.plumbline.model.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.model.Checksums;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.ModelLoadException;
import io.plumbline.model.VersionState;
import io.plumbline.model.engine.EngineOptions;
import io.plumbline.model.onnx.OnnxEngineFactory;
import io.plumbline.model.signing.SignaturePolicy;
import io.plumbline.model.signing.SignatureVerifier;
import io.plumbline.model.signing.TrustedKeys;
import io.plumbline.model.testing.TestKeys;
import io.plumbline.model.testing.TestRepos;
import io.plumbline.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 repository against S3Proxy, a real S3 server, through the same catalog serving uses.
 * Each test works under its own key prefix with its own cache directory.
 */
class S3ModelRepositoryTest {
    private static final String BUCKET = "models";

    private static S3ProxyServer server;
    private static Path demo;
    /** The demo version's files (model.onnx, SHA256SUMS, and whatever else it ships). */
    private static Set<String> demoFiles;
    private static int demoVerified;

    @BeforeAll
    static void start() throws Exception {
        server = new S3ProxyServer();
        server.createBucket(BUCKET);
        demo = TestRepos.demoModel();
        try (var files = Files.list(demo.resolve("1"))) {
            demoFiles = Set.copyOf(files.map(p -> p.getFileName().toString()).toList());
        }
        demoVerified = Checksums.verify(demo.resolve("1"), "demo");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static S3ModelRepository repository(String prefix, Path cache) {
        return new S3ModelRepository(server.settings("s3://" + BUCKET + "/" + prefix, S3ProxyServer.ACCESS_KEY,
                S3ProxyServer.SECRET_KEY, cache));
    }

    private static ModelCatalog catalog(S3ModelRepository repo) {
        return new ModelCatalog(repo, List.of(new OnnxEngineFactory(EngineOptions.DEFAULT)));
    }

    @Test
    void listsAndServesTheDemoModel(@TempDir Path cache) throws Exception {
        server.upload(demo, BUCKET, "serve/weather/");
        try (S3ModelRepository repo = repository("serve", cache); ModelCatalog catalog = catalog(repo)) {
            assertEquals(List.of("weather"), repo.modelNames());
            assertEquals(Set.of(1L), repo.versions("weather"));
            assertEquals("onnxruntime", repo.manifest("weather").orElseThrow().engine());
            assertEquals(Map.of(), repo.aliases("weather"));
            assertTrue(repo.describe().startsWith("s3://models/serve/ at http://127.0.0.1:"), repo.describe());

            assertEquals(1, catalog.loadAll());
            Path dir = repo.versionDirectory("weather", 1);
            assertArrayEquals(Files.readAllBytes(demo.resolve("1/model.onnx")), Files.readAllBytes(dir.resolve("model.onnx")));
            Tensor in = Tensor.ofFloats("features", new long[] {1, 4}, 1.2f, 25f, 14f, 2.2f);
            Tensor out = catalog.resolve("weather", null).engine().run(Map.of("features", in), List.of("probabilities"))
                    .get(0);
            assertArrayEquals(new long[] {1, 5}, out.shape());
            double sum = 0;
            for (int i = 0; i < 5; i++) {
                sum += out.getFloat(i);
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @Test
    void aVersionWithABadChecksumIsRefusedAndReported(@TempDir Path cache) throws Exception {
        server.upload(demo, BUCKET, "sums/weather/");
        // Version 2: the demo model with a SHA256SUMS that names other bytes.
        server.put(BUCKET, "sums/weather/2/model.onnx", Files.readAllBytes(demo.resolve("1/model.onnx")));
        server.put(BUCKET, "sums/weather/2/SHA256SUMS",
                ("0".repeat(64) + "  model.onnx\n").getBytes(StandardCharsets.US_ASCII));
        server.put(BUCKET, "sums/weather/model.yaml", Files.readString(demo.resolve("model.yaml"))
                .replace("latest: 1", "all").getBytes(StandardCharsets.UTF_8));
        try (S3ModelRepository repo = repository("sums", cache); ModelCatalog catalog = catalog(repo)) {
            assertEquals(1, catalog.loadAll());
            VersionState v2 = catalog.index().stream().filter(s -> s.version() == 2).findFirst().orElseThrow();
            assertEquals(VersionState.UNAVAILABLE, v2.state());
            assertTrue(v2.reason().contains("checksum mismatch for 'model.onnx'"), v2.reason());
            assertEquals(1, catalog.resolve("weather", null).version(), "version 1 keeps serving");
        }
    }

    /**
     * Signed versions from S3: version 1 signed by the trusted key serves; version 2 (unsigned),
     * version 3 (signed by another key) and version 4 (signed, then one byte of model.onnx changed)
     * are refused with their reasons, and a signed version 1 keeps serving.
     */
    @Test
    void withRequiredSignatures_onlyTheVersionSignedByATrustedKeyServes(@TempDir Path cache, @TempDir Path work)
            throws Exception {
        Path trusted = TestKeys.write(TestKeys.generate("Ed25519"), work.resolve("keys"), "team");
        Path other = TestKeys.write(TestKeys.generate("EC"), work.resolve("other"), "other");
        Path model = TestRepos.copyDemo(work.resolve("repo"), "weather");
        Files.writeString(model.resolve("model.yaml"), Files.readString(model.resolve("model.yaml"))
                .replace("latest: 1", "all"));
        TestKeys.sign(trusted, model.resolve("1"));
        for (int v = 2; v <= 4; v++) {
            Path dir = Files.createDirectories(model.resolve(Integer.toString(v)));
            for (String f : List.of("model.onnx", "reference-profile.json", Checksums.FILE_NAME)) {
                Files.copy(model.resolve("1").resolve(f), dir.resolve(f));
            }
        }
        TestKeys.sign(other, model.resolve("3"));
        TestKeys.sign(trusted, model.resolve("4"));
        byte[] onnx = Files.readAllBytes(model.resolve("4/model.onnx"));
        onnx[onnx.length / 2] ^= 1;
        Files.write(model.resolve("4/model.onnx"), onnx);
        server.upload(model, BUCKET, "signed/weather/");
        SignatureVerifier verifier = new SignatureVerifier(new SignaturePolicy(true, List.of()),
                TrustedKeys.load(List.of(TestKeys.publicPem(trusted))));
        try (S3ModelRepository repo = repository("signed", cache);
                ModelCatalog catalog = new ModelCatalog(repo, List.of(new OnnxEngineFactory(EngineOptions.DEFAULT)),
                        java.time.Clock.systemUTC(), verifier)) {
            assertEquals(1, catalog.loadAll());
            Map<Long, String> reasons = new java.util.TreeMap<>();
            catalog.index().forEach(s -> reasons.put(s.version(), s.state() + " " + s.reason()));
            assertEquals("READY ", reasons.get(1L));
            assertTrue(reasons.get(2L).startsWith("UNAVAILABLE weather/2: unsigned"), reasons.get(2L));
            assertTrue(reasons.get(3L).contains("does not verify with any of the 1 trusted key(s)"), reasons.get(3L));
            assertTrue(reasons.get(4L).contains("checksum mismatch for 'model.onnx'"), reasons.get(4L));
            assertEquals(1, catalog.resolve("weather", null).version());
        }
    }

    @Test
    void aModelAddedWhileRunningAppearsOnTheNextLoad(@TempDir Path cache) throws Exception {
        server.upload(demo, BUCKET, "grow/weather/");
        try (S3ModelRepository repo = repository("grow", cache); ModelCatalog catalog = catalog(repo)) {
            assertEquals(1, catalog.loadAll());
            server.upload(demo, BUCKET, "grow/later/");
            assertEquals(List.of("later", "weather"), repo.modelNames());
            assertEquals(2, catalog.loadAll());
            assertEquals(1, catalog.resolve("later", null).version());
        }
    }

    @Test
    void unchangedObjectsAreNotDownloadedAgain(@TempDir Path cache) throws Exception {
        server.upload(demo, BUCKET, "poll/weather/");
        try (S3ModelRepository repo = repository("poll", cache)) {
            String before = repo.fingerprint("weather", 1);
            Path dir = repo.versionDirectory("weather", 1);
            long afterFirst = repo.downloads();
            assertEquals(demoFiles.size(), afterFirst, "one download per object");
            long mtime = Files.getLastModifiedTime(dir.resolve("model.onnx")).toMillis();
            for (int poll = 0; poll < 3; poll++) {
                assertEquals(before, repo.fingerprint("weather", 1));
                assertEquals(dir, repo.versionDirectory("weather", 1));
            }
            assertEquals(afterFirst, repo.downloads(), "polls of an unchanged version download nothing");
            assertEquals(mtime, Files.getLastModifiedTime(dir.resolve("model.onnx")).toMillis());

            // A restart with the same cache directory trusts the cache too.
            try (S3ModelRepository restarted = repository("poll", cache)) {
                restarted.versionDirectory("weather", 1);
                assertEquals(0, restarted.downloads());
            }

            // Change one object: the fingerprint moves and only that object is fetched.
            server.put(BUCKET, "poll/weather/1/SHA256SUMS", ("# re-signed\n" + Files.readString(
                    demo.resolve("1/SHA256SUMS"))).getBytes(StandardCharsets.UTF_8));
            assertNotEquals(before, repo.fingerprint("weather", 1));
            repo.versionDirectory("weather", 1);
            assertEquals(afterFirst + 1, repo.downloads());
            assertTrue(Files.readString(dir.resolve("SHA256SUMS")).startsWith("# re-signed"));
            assertEquals(demoVerified, Checksums.verify(dir, "poll/weather/1"));

            // An object removed from the bucket leaves the cache as well.
            server.put(BUCKET, "poll/weather/1/notes.txt", "x".getBytes(StandardCharsets.UTF_8));
            assertTrue(Files.exists(repo.versionDirectory("weather", 1).resolve("notes.txt")));
            server.delete(BUCKET, "poll/weather/1/notes.txt");
            assertFalse(Files.exists(repo.versionDirectory("weather", 1).resolve("notes.txt")));
        }
    }

    @Test
    void aDamagedCacheIsFetchedAgain(@TempDir Path cache) throws Exception {
        server.upload(demo, BUCKET, "heal/weather/");
        try (S3ModelRepository repo = repository("heal", cache)) {
            Path model = repo.versionDirectory("weather", 1).resolve("model.onnx");
            Files.write(model, new byte[] {1, 2, 3});
            long before = repo.downloads();
            repo.versionDirectory("weather", 1);
            assertTrue(repo.downloads() > before);
            assertEquals(demoVerified, Checksums.verify(model.getParent(), "heal/weather/1"));
        }
    }

    @Test
    void keysThatAreNotSafeNamesAreSkipped(@TempDir Path cache) throws Exception {
        server.upload(demo, BUCKET, "safe/weather/");
        server.put(BUCKET, "safe/bad name/1/model.onnx", new byte[] {0});
        server.put(BUCKET, "safe/weather/1/a b.txt", new byte[] {0});
        server.put(BUCKET, "safe/weather/1/1/2/3/4/deep.txt", new byte[] {0});
        server.put(BUCKET, "safe/weather/v2/model.onnx", new byte[] {0});
        try (S3ModelRepository repo = repository("safe", cache)) {
            assertEquals(List.of("weather"), repo.modelNames());
            assertEquals(Set.of(1L), repo.versions("weather"));
            Path dir = repo.versionDirectory("weather", 1);
            try (var files = Files.walk(dir)) {
                assertEquals(demoFiles, Set.copyOf(files.filter(Files::isRegularFile)
                        .map(p -> dir.relativize(p).toString()).toList()));
            }
            assertThrows(RuntimeException.class, () -> repo.versions("../weather"));
            assertThrows(ModelLoadException.class, () -> repo.versionDirectory("weather", 7));
        }
        assertFalse(S3ModelRepository.safeRelativePath("a/../b"));
        assertFalse(S3ModelRepository.safeRelativePath("a//b"));
        assertFalse(S3ModelRepository.safeRelativePath(".."));
        assertTrue(S3ModelRepository.safeRelativePath("sub/model.onnx"));
    }

    @Test
    void wrongCredentialsSayWhatToCheck(@TempDir Path cache) {
        try (S3ModelRepository repo = new S3ModelRepository(server.settings("s3://" + BUCKET + "/serve",
                S3ProxyServer.ACCESS_KEY, "not-the-secret", cache))) {
            ModelLoadException e = assertThrows(ModelLoadException.class, repo::modelNames);
            assertTrue(e.getMessage().startsWith("S3 access denied for s3://models/serve/"), e.getMessage());
            assertTrue(e.getMessage().contains("plumbline.registry.s3.access-key"), e.getMessage());
            assertTrue(e.getMessage().contains("AWS credential chain"), e.getMessage());
        }
        try (S3ModelRepository repo = new S3ModelRepository(server.settings("s3://" + BUCKET + "/serve",
                "nobody", S3ProxyServer.SECRET_KEY, cache))) {
            ModelLoadException e = assertThrows(ModelLoadException.class, repo::modelNames);
            assertTrue(e.getMessage().startsWith("S3 access denied for s3://models/serve/"), e.getMessage());
        }
    }

    @Test
    void aMissingBucketIsNamed(@TempDir Path cache) {
        try (S3ModelRepository repo = repository("x", cache)) {
            S3ModelRepository missing = new S3ModelRepository(server.settings("s3://no-such-bucket/x",
                    S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, cache));
            ModelLoadException e = assertThrows(ModelLoadException.class, missing::modelNames);
            assertTrue(e.getMessage().contains("S3 bucket 'no-such-bucket' does not exist"), e.getMessage());
            missing.close();
            assertEquals(List.of(), repo.modelNames());
        } catch (ModelLoadException e) {
            throw new AssertionError(e);
        }
    }
}
