package io.plumbline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.model.engine.EngineOptions;
import io.plumbline.model.onnx.OnnxEngineFactory;
import io.plumbline.model.testing.TestRepos;
import io.plumbline.tensor.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Aliases, refresh and reload of changed versions, without a web server. */
class ModelCatalogReloadTest {
    @TempDir
    Path repo;

    private ModelCatalog catalog;

    @BeforeEach
    void setUp() {
        catalog = new ModelCatalog(new FileModelRepository(repo),
                List.of(new OnnxEngineFactory(EngineOptions.DEFAULT)));
    }

    @AfterEach
    void tearDown() {
        catalog.close();
    }

    private void aliases(String model, String yaml) throws Exception {
        Files.writeString(repo.resolve(model).resolve(AliasesReader.FILE_NAME), yaml);
    }

    private String state(String model, long version) throws Exception {
        return catalog.index().stream().filter(s -> s.model().equals(model) && s.version() == version)
                .map(s -> s.state() + " " + s.reason()).findFirst().orElse("absent");
    }

    @Test
    void productionAlias_routesRequestsWithoutAVersion() throws Exception {
        TestRepos.identityVersion(repo, "m", 1, DataType.FP32);
        TestRepos.identityVersion(repo, "m", 2, DataType.FP32);
        aliases("m", "production: 1\nstaging: 2\n");
        catalog.loadAll();
        assertEquals(1, catalog.resolve("m", null).version(), "production wins over the highest version");
        assertEquals(2, catalog.resolve("m", "staging").version());
        assertEquals(1, catalog.resolve("m", "production").version());
        assertEquals(2, catalog.resolve("m", "2").version(), "the alias target is loaded beside latest: 1");
        assertEquals(Map.of("production", 1L, "staging", 2L), catalog.aliases("m"));
        assertThrows(ModelNotFoundException.class, () -> catalog.resolve("m", "canary"));
    }

    @Test
    void refresh_picksUpNewVersionsAndMovedAliases() throws Exception {
        TestRepos.identityVersion(repo, "m", 1, DataType.FP32);
        catalog.loadAll();
        assertEquals(1, catalog.resolve("m", null).version());
        TestRepos.identityVersion(repo, "m", 2, DataType.FP32);
        catalog.refresh();
        assertEquals(2, catalog.resolve("m", null).version(), "latest: 1 moves to the new version");
        aliases("m", "production: 1\n");
        catalog.refresh();
        assertEquals(1, catalog.resolve("m", null).version(), "the alias pins version 1 again");
        assertEquals(List.of(1L, 2L), catalog.versions("m").stream().map(LoadedModel::version).toList());
    }

    @Test
    void refresh_reloadsAVersionWhoseFilesChanged_andRetiresTheOldOne() throws Exception {
        Path v1 = TestRepos.identityVersion(repo, "m", 1, DataType.FP32);
        catalog.loadAll();
        LoadedModel before = catalog.resolve("m", null);
        assertTrue(before.acquire(), "an in-flight request holds the old engine");
        catalog.refresh();
        assertSame(before, catalog.resolve("m", null), "unchanged files are not reloaded");

        TestRepos.identityVersion(repo, "m", 1, DataType.INT64);
        Files.setLastModifiedTime(v1.resolve("model.onnx"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        catalog.refresh();
        LoadedModel after = catalog.resolve("m", null);
        assertNotSame(before, after);
        assertEquals(DataType.INT64, after.signature().inputs().get(0).datatype());
        assertTrue(before.retired());
        assertEquals("READY ", state("m", 1), "the index shows the reloaded version serving");
        before.release();
    }

    @Test
    void aChangedVersionThatFailsToLoad_keepsTheOldFilesServing() throws Exception {
        Path v1 = TestRepos.identityVersion(repo, "m", 1, DataType.FP32);
        catalog.loadAll();
        LoadedModel before = catalog.resolve("m", null);
        Files.writeString(v1.resolve(Checksums.FILE_NAME), "0".repeat(64) + "  model.onnx\n");
        catalog.refresh();
        assertSame(before, catalog.resolve("m", null));
        assertFalse(before.retired());
        assertTrue(state("m", 1).contains("checksum mismatch"), state("m", 1));
    }

    @Test
    void aCorruptNewVersion_isRefusedOnce_andNotRetriedUntilItChanges() throws Exception {
        TestRepos.identityVersion(repo, "m", 1, DataType.FP32);
        catalog.loadAll();
        Path v2 = TestRepos.identityVersion(repo, "m", 2, DataType.FP32);
        Files.writeString(v2.resolve(Checksums.FILE_NAME), "0".repeat(64) + "  model.onnx\n");
        int[] failures = {0};
        catalog.addListener(new CatalogListener() {
            @Override
            public void failed(String model, long version, String reason) {
                failures[0]++;
            }
        });
        catalog.refresh();
        catalog.refresh();
        catalog.refresh();
        assertEquals(1, failures[0], "a refused version is not retried while its files are unchanged");
        assertEquals(1, catalog.resolve("m", null).version(), "version 1 keeps serving");
        TestRepos.writeSums(v2, "model.onnx");
        catalog.refresh();
        assertEquals(2, catalog.resolve("m", null).version(), "fixed files load on the next poll");
    }

    @Test
    void anAliasToAVersionThatCannotLoad_keepsItsLastGoodTarget_andIsReported() throws Exception {
        TestRepos.identityVersion(repo, "m", 1, DataType.FP32);
        TestRepos.identityVersion(repo, "m", 2, DataType.FP32);
        aliases("m", "production: 1\n");
        catalog.loadAll();
        aliases("m", "production: 7\n");
        catalog.refresh();
        assertEquals(1, catalog.resolve("m", null).version());
        assertEquals(1, catalog.resolve("m", "production").version());
        assertTrue(catalog.index().stream().anyMatch(s -> s.reason().contains(
                "alias 'production' points to version 7, which is not loaded; still routing to version 1")));
    }

    @Test
    void badAliasesFile_keepsTheAliasesInUse() throws Exception {
        TestRepos.identityVersion(repo, "m", 1, DataType.FP32);
        TestRepos.identityVersion(repo, "m", 2, DataType.FP32);
        aliases("m", "production: 1\n");
        catalog.loadAll();
        for (String bad : List.of("production: [1", "production: latest\n", "../x: 1\n", "'7': 1\n")) {
            aliases("m", bad);
            catalog.refresh();
            assertEquals(1, catalog.resolve("m", null).version(), bad);
        }
    }

    @Test
    void refresh_unloadsModelsThatLeftTheRepository() throws Exception {
        TestRepos.identityVersion(repo, "m", 1, DataType.FP32);
        TestRepos.identityVersion(repo, "gone", 1, DataType.FP32);
        catalog.loadAll();
        LoadedModel gone = catalog.resolve("gone", null);
        try (var files = Files.walk(repo.resolve("gone"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catalog.refresh();
        assertThrows(ModelNotFoundException.class, () -> catalog.resolve("gone", null));
        assertTrue(gone.retired());
        assertEquals(1, catalog.resolve("m", null).version());
    }

    @Test
    void aRepositoryThatCannotBeListed_keepsServing_andTheIndexSaysWhy() throws Exception {
        Instant polled = Instant.parse("2026-12-02T03:00:00Z");
        TestRepos.identityVersion(repo, "m", 1, DataType.FP32);
        Path gone = repo.resolveSibling(repo.getFileName() + "-gone");
        try (ModelCatalog watched = new ModelCatalog(new FileModelRepository(repo),
                List.of(new OnnxEngineFactory(EngineOptions.DEFAULT)), Clock.fixed(polled, ZoneOffset.UTC))) {
            watched.loadAll();
            assertEquals(new RegistryHealth.State(polled, 0, ""), watched.registryHealth().state());
            LoadedModel serving = watched.resolve("m", null);

            Files.move(repo, gone);
            assertThrows(ModelLoadException.class, watched::refresh);
            assertThrows(ModelLoadException.class, watched::refresh);
            RegistryHealth.State down = watched.registryHealth().state();
            assertEquals(2, down.consecutiveFailures());
            assertEquals(polled, down.lastSuccess(), "the last success stays where it was");
            assertTrue(down.lastError().contains("does not exist"), down.lastError());
            assertSame(serving, watched.resolve("m", null), "what is loaded keeps serving");
            assertFalse(serving.retired());
            VersionState line = watched.index().get(0);
            assertEquals("m", line.model());
            assertEquals(VersionState.READY, line.state());
            assertTrue(line.reason().startsWith("model repository unreachable (2 failed poll(s), last success "
                    + "2026-12-02T03:00:00Z): "), line.reason());

            Files.move(gone, repo);
            watched.refresh();
            assertEquals(new RegistryHealth.State(polled, 0, ""), watched.registryHealth().state());
            assertEquals(List.of(new VersionState("m", 1, VersionState.READY, "")), watched.index());
        } finally {
            if (Files.exists(gone)) {
                Files.move(gone, repo);
            }
        }
    }
}
