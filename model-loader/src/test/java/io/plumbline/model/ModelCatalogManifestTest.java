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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model's {@code model.yaml} is part of what its versions are: a changed manifest reloads them as
 * changed files do, and a manifest that cannot be read is reported once per change, not every poll.
 */
class ModelCatalogManifestTest {
    private static final String LABELS = "labels: [drizzle, fog, rain, snow, sun]";

    @TempDir
    Path repo;

    private ModelCatalog catalog;
    private final List<String> failures = new ArrayList<>();

    @BeforeEach
    void setUp() {
        catalog = new ModelCatalog(new FileModelRepository(repo), List.of(new OnnxEngineFactory(EngineOptions.DEFAULT)));
        catalog.addListener(new CatalogListener() {
            @Override
            public void failed(String model, long version, String reason) {
                failures.add(model + "/" + version + ": " + reason);
            }
        });
    }

    @AfterEach
    void tearDown() {
        catalog.close();
    }

    private Path manifest() {
        return repo.resolve("weather").resolve("model.yaml");
    }

    private void editManifest(String from, String to) throws Exception {
        String text = Files.readString(manifest());
        assertTrue(text.contains(from), "the demo manifest has " + from);
        Files.writeString(manifest(), text.replace(from, to));
    }

    private List<String> labels(LoadedModel m) {
        return m.signature().outputs().get(0).labels();
    }

    @Test
    void changedLabels_reloadTheVersion_onRefresh() throws Exception {
        TestRepos.copyDemo(repo, "weather");
        catalog.loadAll();
        LoadedModel before = catalog.resolve("weather", null);
        assertEquals(List.of("drizzle", "fog", "rain", "snow", "sun"), labels(before));

        editManifest(LABELS, "labels: [mist, fog, rain, snow, sun]");
        catalog.refresh();

        LoadedModel after = catalog.resolve("weather", null);
        assertNotSame(before, after, "the version was reloaded");
        assertEquals(List.of("mist", "fog", "rain", "snow", "sun"), labels(after));
        assertTrue(before.retired(), "the version loaded with the old manifest retired");
        assertEquals(List.of(), failures);
    }

    @Test
    void changedManifest_reloadsOnAnExplicitLoad_asTheRepositoryApiCallsIt() throws Exception {
        TestRepos.copyDemo(repo, "weather");
        catalog.loadAll();
        LoadedModel before = catalog.resolve("weather", null);
        editManifest("features: [precipitation, temp_max, temp_min, wind]", "features: [rain_mm, tmax, tmin, wind]");

        assertTrue(catalog.load("weather"));

        LoadedModel after = catalog.resolve("weather", null);
        assertNotSame(before, after);
        assertEquals(List.of("rain_mm", "tmax", "tmin", "wind"), after.signature().inputs().get(0).features());
    }

    @Test
    void aPolicyOnlyChange_orAComment_reloadsNothing() throws Exception {
        TestRepos.copyDemo(repo, "weather");
        catalog.loadAll();
        LoadedModel before = catalog.resolve("weather", null);

        editManifest("latest: 1", "all");
        Files.writeString(manifest(), "# a comment\n" + Files.readString(manifest()));
        catalog.refresh();

        assertSame(before, catalog.resolve("weather", null), "what a version loads with did not change");
    }

    @Test
    void anUnreadableManifest_isReportedOnce_overManyPolls_andAgainWhenItChangesReason() throws Exception {
        TestRepos.copyDemo(repo, "weather");
        catalog.loadAll();
        LoadedModel serving = catalog.resolve("weather", null);

        editManifest("datatype: FP32\n    shape: [-1, 4]", "datatype: FP33\n    shape: [-1, 4]");
        for (int poll = 0; poll < 5; poll++) {
            catalog.refresh();
        }
        assertEquals(1, failures.size(), "one report for five polls of the same bad manifest: " + failures);
        assertTrue(failures.get(0).startsWith("weather/0: "), failures.get(0));
        assertSame(serving, catalog.resolve("weather", null), "what serves keeps serving");
        assertThrows(ModelLoadException.class, () -> catalog.load("weather"), "an explicit load still says why");
        assertEquals(1, failures.size(), "... without counting the same problem again");

        editManifest("datatype: FP33", "datatype: FP32");
        editManifest("shape: [-1, 4]", "shape: [-1, 4, oops]");
        catalog.refresh();
        assertEquals(2, failures.size(), "another problem is reported: " + failures);

        editManifest("shape: [-1, 4, oops]", "shape: [-1, 4]");
        catalog.refresh();
        assertSame(serving, catalog.resolve("weather", null), "the fixed manifest equals the one serving");
        assertFalse(catalog.index().stream().anyMatch(s -> s.version() == 0), "the model problem is cleared");
    }

    @Test
    void aVersionRefusedUnderOneManifest_isRetriedWhenTheManifestChanges() throws Exception {
        TestRepos.copyDemo(repo, "weather");
        // Declares four outputs' labels for a five-class output: the engine refuses the signature.
        editManifest("shape: [-1, 5]", "shape: [-1, 4]");
        catalog.loadAll();
        catalog.refresh();
        catalog.refresh();
        assertEquals(1, failures.size(), "refused once, not retried while nothing changed: " + failures);
        assertThrows(ModelNotFoundException.class, () -> catalog.resolve("weather", null));

        editManifest("shape: [-1, 4]\n    labels", "shape: [-1, 5]\n    labels");
        catalog.refresh();
        assertEquals(1, catalog.resolve("weather", null).version(), "the corrected manifest loads the same files");
    }
}
