package io.plumbline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineException;
import io.plumbline.model.engine.EngineFactory;
import io.plumbline.model.engine.EngineOptions;
import io.plumbline.model.onnx.OnnxEngineFactory;
import io.plumbline.model.testing.TestRepos;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {

    private static final OnnxEngineFactory ONNX = new OnnxEngineFactory(EngineOptions.DEFAULT);

    @TempDir
    Path repo;

    private TrackingFactory factory;
    private RecordingListener events;
    private ModelCatalog catalog;

    @BeforeEach
    void createCatalog() {
        factory = new TrackingFactory();
        events = new RecordingListener();
        catalog = new ModelCatalog(new FileModelRepository(repo), List.of(factory));
        catalog.addListener(events);
    }

    @AfterEach
    void closeCatalog() {
        catalog.close();
    }

    // ---- helpers ----

    private Path identity(String model, long version) throws Exception {
        return TestRepos.identityVersion(repo, model, version, DataType.FP32);
    }

    private void manifest(String model, String yaml) throws Exception {
        TestRepos.writeManifest(repo, model, yaml);
    }

    /** A version whose SHA256SUMS does not match its model.onnx. */
    private Path corrupt(String model, long version) throws Exception {
        Path dir = identity(model, version);
        Files.writeString(dir.resolve(Checksums.FILE_NAME), "0".repeat(64) + "  model.onnx\n", StandardCharsets.UTF_8);
        return dir;
    }

    private static float echo(LoadedModel m, float value) throws EngineException {
        Tensor x = Tensor.ofFloats("x", new long[] {1, 1}, value);
        return m.engine().run(Map.of("x", x), List.of("y")).get(0).getFloat(0);
    }

    private VersionState state(String model, long version) throws Exception {
        return catalog.index().stream()
                .filter(s -> s.model().equals(model) && s.version() == version)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no index entry for " + model + "/" + version));
    }

    private static List<Long> versionNumbers(List<LoadedModel> models) {
        return models.stream().map(LoadedModel::version).toList();
    }

    // ---- loading ----

    @Test
    void loadAll_demoAndIdentityModels() throws Exception {
        TestRepos.copyDemo(repo, "weather");
        identity("echo", 1);
        assertEquals(2, catalog.loadAll());
        assertEquals(List.of("echo/1", "weather/1"), catalog.loaded().stream().map(Object::toString).toList());

        LoadedModel weather = catalog.resolve("weather", null);
        assertEquals(1, weather.version());
        assertEquals("1", weather.versionLabel());
        assertEquals(List.of("precipitation", "temp_max", "temp_min", "wind"),
                weather.signature().input("features").orElseThrow().features());
        assertEquals(List.of("drizzle", "fog", "rain", "snow", "sun"),
                weather.signature().output("probabilities").orElseThrow().labels());
        assertEquals(repo.toAbsolutePath().normalize().resolve("weather/1"), weather.directory());
        assertEquals("onnxruntime", weather.manifest().engine());

        LoadedModel echo = catalog.resolve("echo", null);
        assertEquals(ModelManifest.DEFAULT, echo.manifest());
        assertEquals(2.5f, echo(echo, 2.5f));

        assertEquals(List.of(new VersionState("echo", 1, VersionState.READY, ""),
                new VersionState("weather", 1, VersionState.READY, "")), catalog.index());
        assertEquals(2, events.loaded.size());
        assertTrue(events.failed.isEmpty(), events.failed.toString());
    }

    @Test
    void loadAll_skipsInvalidDirectoryNames() throws Exception {
        identity("good", 1);
        identity("bad name", 1);
        identity(".hidden", 1);
        assertEquals(1, catalog.loadAll());
        assertEquals(List.of("good/1"), catalog.loaded().stream().map(Object::toString).toList());
    }

    @Test
    void loadAll_emptyRepository() throws Exception {
        assertEquals(0, catalog.loadAll());
        assertTrue(catalog.loaded().isEmpty());
        assertTrue(catalog.index().isEmpty());
    }

    @Test
    void loadAll_missingRepository_throws() {
        ModelCatalog missing = new ModelCatalog(new FileModelRepository(repo.resolve("nope")), List.of(factory));
        ModelLoadException e = assertThrows(ModelLoadException.class, missing::loadAll);
        assertTrue(e.getMessage().contains("does not exist or is not a directory"), e.getMessage());
    }

    @Test
    void load_returnsTrueWhenServing() throws Exception {
        identity("m", 1);
        assertTrue(catalog.load("m"));
        assertEquals(1, catalog.versions("m").size());
    }

    @Test
    void load_unknownModel_throwsAndRecordsNothingServing() throws Exception {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> catalog.load("ghost"));
        assertTrue(e.getMessage().contains("model 'ghost' is not in repository"), e.getMessage());
        assertEquals(List.of(new Failure("ghost", 0, e.getMessage())), events.failed);
        assertTrue(catalog.versions("ghost").isEmpty());
    }

    @Test
    void load_invalidName_throwsInvalidNameException() {
        assertThrows(InvalidNameException.class, () -> catalog.load("../etc"));
        assertTrue(events.failed.isEmpty());
    }

    @Test
    void load_badManifest_throwsRecordsVersionZeroAndTellsListeners() throws Exception {
        identity("m", 1);
        manifest("m", "max_batch_size: 8\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> catalog.load("m"));
        assertTrue(e.getMessage().startsWith("m/model.yaml: unknown key 'max_batch_size'"), e.getMessage());
        VersionState s = state("m", 0);
        assertEquals(VersionState.UNAVAILABLE, s.state());
        assertEquals(e.getMessage(), s.reason());
        assertEquals(List.of(new Failure("m", 0, e.getMessage())), events.failed);
        assertTrue(catalog.versions("m").isEmpty());
    }

    @Test
    void load_badManifestOnReload_keepsServing() throws Exception {
        identity("m", 1);
        catalog.load("m");
        LoadedModel v1 = catalog.resolve("m", null);
        manifest("m", "device: tpu\n");
        assertThrows(ModelLoadException.class, () -> catalog.load("m"));
        assertSame(v1, catalog.resolve("m", null));
        assertFalse(v1.retired());
    }

    @Test
    void load_noVersionMatchesPolicy_isUnavailable() throws Exception {
        identity("m", 1);
        manifest("m", "version-policy:\n  specific: [5]\n");
        assertFalse(catalog.load("m"));
        VersionState s = state("m", 0);
        assertEquals(VersionState.UNAVAILABLE, s.state());
        assertTrue(s.reason().startsWith("no version directory matches the version policy"), s.reason());
        assertEquals(1, events.failed.size());
        assertEquals(0, events.failed.get(0).version());
    }

    @Test
    void load_modelWithoutVersions_isUnavailable() throws Exception {
        Files.createDirectories(repo.resolve("empty"));
        assertFalse(catalog.load("empty"));
        assertEquals(VersionState.UNAVAILABLE, state("empty", 0).state());
    }

    @Test
    void load_unknownEngine_isUnavailableNamingTheEngines() throws Exception {
        identity("m", 1);
        manifest("m", "engine: djl\n");
        assertFalse(catalog.load("m"));
        VersionState s = state("m", 1);
        assertEquals(VersionState.UNAVAILABLE, s.state());
        assertEquals("m/1: engine 'djl' is not available (have [onnxruntime])", s.reason());
    }

    @Test
    void load_engineRefusal_isUnavailableWithTheEnginesReason() throws Exception {
        Path dir = Files.createDirectories(repo.resolve("m/1"));
        Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3, 4, 5});
        assertFalse(catalog.load("m"));
        VersionState s = state("m", 1);
        assertEquals(VersionState.UNAVAILABLE, s.state());
        assertTrue(s.reason().startsWith("m/1: ONNX Runtime cannot load model.onnx"), s.reason());
        assertEquals(List.of(new Failure("m", 1, s.reason())), events.failed);
    }

    @Test
    void load_fixedAfterFailure_becomesReadyAndClearsTheModelLevelError() throws Exception {
        identity("m", 1);
        manifest("m", "version-policy:\n  specific: [2]\n");
        assertFalse(catalog.load("m"));
        assertEquals(VersionState.UNAVAILABLE, state("m", 0).state());
        identity("m", 2);
        assertTrue(catalog.load("m"));
        assertEquals(List.of(new VersionState("m", 2, VersionState.READY, "")), catalog.index());
    }

    // ---- resolve ----

    @Test
    void resolve_nullOrEmptyVersion_givesTheHighest() throws Exception {
        identity("m", 1);
        identity("m", 2);
        identity("m", 10);
        manifest("m", "version-policy: all\n");
        catalog.load("m");
        assertEquals(List.of(1L, 2L, 10L), versionNumbers(catalog.versions("m")));
        assertEquals(10, catalog.resolve("m", null).version());
        assertEquals(10, catalog.resolve("m", "").version());
        assertEquals(2, catalog.resolve("m", "2").version());
        assertEquals(1, catalog.resolve("m", "1").version());
        assertEquals(Optional.of(catalog.resolve("m", "2")), catalog.find("m", 2));
    }

    @Test
    void resolve_unknownModel_isNotFound() throws Exception {
        identity("m", 1);
        catalog.load("m");
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> catalog.resolve("ghost", null));
        assertEquals("model 'ghost' is not loaded", e.getMessage());
        assertThrows(ModelNotFoundException.class, () -> catalog.resolve("ghost", "1"));
    }

    @Test
    void resolve_unknownVersion_isNotFound() throws Exception {
        identity("m", 1);
        identity("m", 2);
        manifest("m", "version-policy: all\n");
        catalog.load("m");
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> catalog.resolve("m", "3"));
        assertEquals("model 'm' has no loaded version 3 (loaded: [1, 2])", e.getMessage());
    }

    @Test
    void resolve_versionNotAPositiveIntegerNorAnAlias_isNotFound() throws Exception {
        identity("m", 1);
        catalog.load("m");
        for (String bad : List.of("abc", "0", "-1", "1.0", "latest")) {
            ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> catalog.resolve("m", bad));
            assertEquals("model 'm' has no version or alias '" + bad + "' (versions: [1], aliases: [])",
                    e.getMessage());
        }
    }

    @Test
    void resolve_versionWithControlCharacters_isEscapedInTheMessage() throws Exception {
        identity("m", 1);
        catalog.load("m");
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> catalog.resolve("m", "1\n2"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("'1\\u000a2'"), e.getMessage());
    }

    @Test
    void resolve_invalidName_isInvalidNameException() {
        for (String bad : List.of("../etc", "a/b", "", "..", "x\u0000")) {
            assertThrows(InvalidNameException.class, () -> catalog.resolve(bad, null), bad);
        }
    }

    @Test
    void find_andVersions_ofUnknownModel_areEmpty() {
        assertEquals(Optional.empty(), catalog.find("ghost", 1));
        assertEquals(List.of(), catalog.versions("ghost"));
    }

    // ---- version policy ----

    @Test
    void latest1_withTwoVersions_servesOnlyTheHigher() throws Exception {
        identity("m", 1);
        identity("m", 2);
        manifest("m", "version-policy:\n  latest: 1\n");
        assertTrue(catalog.load("m"));
        assertEquals(List.of(2L), versionNumbers(catalog.versions("m")));
        assertEquals(2, catalog.resolve("m", null).version());
        assertEquals(Optional.empty(), catalog.find("m", 1));
        assertThrows(ModelNotFoundException.class, () -> catalog.resolve("m", "1"));
        assertEquals(1, factory.loads);
    }

    @Test
    void defaultPolicy_isLatestOne() throws Exception {
        identity("m", 1);
        identity("m", 3);
        catalog.load("m");
        assertEquals(List.of(3L), versionNumbers(catalog.versions("m")));
    }

    @Test
    void specificPolicy_servesTheListedVersionsPresent() throws Exception {
        identity("m", 1);
        identity("m", 2);
        identity("m", 3);
        manifest("m", "version-policy:\n  specific: [1, 3, 4]\n");
        catalog.load("m");
        assertEquals(List.of(1L, 3L), versionNumbers(catalog.versions("m")));
    }

    // ---- corrupt versions ----

    @Test
    void corruptVersion_isRefusedReportedAndDoesNotDisturbAGoodOne() throws Exception {
        identity("m", 1);
        corrupt("m", 2);
        manifest("m", "version-policy: all\n");
        assertTrue(catalog.load("m"));

        assertEquals(List.of(1L), versionNumbers(catalog.versions("m")));
        assertEquals(1, catalog.resolve("m", null).version());
        assertThrows(ModelNotFoundException.class, () -> catalog.resolve("m", "2"));

        assertEquals(new VersionState("m", 1, VersionState.READY, ""), state("m", 1));
        VersionState bad = state("m", 2);
        assertEquals(VersionState.UNAVAILABLE, bad.state());
        assertTrue(bad.reason().startsWith("m/2: checksum mismatch for 'model.onnx'"), bad.reason());
        assertEquals(List.of(new Failure("m", 2, bad.reason())), events.failed);
        // The corrupt file never reached the engine.
        assertEquals(1, factory.loads);
    }

    @Test
    void corruptNewVersion_onReload_keepsTheServingVersion() throws Exception {
        identity("m", 1);
        catalog.load("m");
        LoadedModel v1 = catalog.resolve("m", null);
        corrupt("m", 2);
        assertTrue(catalog.load("m"));
        assertSame(v1, catalog.resolve("m", null));
        assertFalse(v1.retired());
        assertEquals(1f, echo(v1, 1f));
        assertEquals(VersionState.UNAVAILABLE, state("m", 2).state());
        assertTrue(state("m", 2).reason().contains("checksum mismatch"), state("m", 2).reason());
        assertEquals(VersionState.READY, state("m", 1).state());
    }

    @Test
    void corruptOnlyVersion_leavesTheModelUnavailable() throws Exception {
        corrupt("m", 1);
        assertFalse(catalog.load("m"));
        assertThrows(ModelNotFoundException.class, () -> catalog.resolve("m", null));
        assertEquals(VersionState.UNAVAILABLE, state("m", 1).state());
    }

    // ---- reload and retirement ----

    @Test
    void reload_afterAddingVersion3_serves3AndRetires2AfterInFlightWork() throws Exception {
        identity("m", 1);
        identity("m", 2);
        manifest("m", "version-policy:\n  latest: 1\n");
        catalog.load("m");
        LoadedModel v2 = catalog.resolve("m", null);
        assertEquals(2, v2.version());

        assertTrue(v2.acquire(), "an in-flight request");
        identity("m", 3);
        assertTrue(catalog.load("m"));

        LoadedModel v3 = catalog.resolve("m", null);
        assertEquals(3, v3.version());
        assertEquals(List.of(3L), versionNumbers(catalog.versions("m")));
        assertTrue(v2.retired());
        assertFalse(v3.retired());
        assertFalse(v2.acquire(), "a retired version takes no new work");
        // The in-flight request can still run: the engine must not be closed under it.
        assertFalse(factory.closed(v2.engine()));
        assertEquals(7f, echo(v2, 7f));

        v2.release();
        assertTrue(factory.closed(v2.engine()), "closed once the last in-flight request released");
        assertFalse(factory.closed(v3.engine()));
        assertEquals(new VersionState("m", 2, VersionState.UNLOADED, ""), state("m", 2));
        assertEquals(new VersionState("m", 3, VersionState.READY, ""), state("m", 3));
        assertEquals(List.of(v2), events.unloaded);
        assertEquals(List.of("m/2", "m/3"), events.loaded.stream().map(Object::toString).toList());
    }

    @Test
    void reload_afterNarrowingThePolicy_retiresTheDroppedVersionOnly() throws Exception {
        identity("m", 1);
        identity("m", 2);
        manifest("m", "version-policy: all\n");
        catalog.load("m");
        LoadedModel v1 = catalog.resolve("m", "1");
        LoadedModel v2 = catalog.resolve("m", "2");
        manifest("m", "version-policy:\n  latest: 1\n");
        assertTrue(catalog.load("m"));
        assertSame(v2, catalog.resolve("m", null), "the kept version is not reloaded");
        assertTrue(v1.retired());
        assertFalse(v2.retired());
        assertEquals(2, factory.loads);
        assertEquals(List.of(v1), events.unloaded);
    }

    @Test
    void reload_afterRemovingAVersionDirectory_retiresIt() throws Exception {
        identity("m", 1);
        identity("m", 2);
        manifest("m", "version-policy: all\n");
        catalog.load("m");
        LoadedModel v2 = catalog.resolve("m", "2");
        Files.delete(repo.resolve("m/2/model.onnx"));
        Files.delete(repo.resolve("m/2/SHA256SUMS"));
        Files.delete(repo.resolve("m/2"));
        assertTrue(catalog.load("m"));
        assertEquals(List.of(1L), versionNumbers(catalog.versions("m")));
        assertTrue(v2.retired());
        assertEquals(VersionState.UNLOADED, state("m", 2).state());
    }

    @Test
    void reload_withoutChanges_keepsTheSameLoadedModel() throws Exception {
        identity("m", 1);
        catalog.load("m");
        LoadedModel before = catalog.resolve("m", null);
        assertTrue(catalog.load("m"));
        assertSame(before, catalog.resolve("m", null));
        assertEquals(1, factory.loads);
        assertEquals(1, events.loaded.size(), "no second loaded() for an unchanged version");
        assertTrue(events.unloaded.isEmpty());
    }

    @Test
    void retire_withNothingInFlight_closesAtOnce() throws Exception {
        identity("m", 1);
        catalog.load("m");
        LoadedModel v1 = catalog.resolve("m", null);
        identity("m", 2);
        catalog.load("m");
        assertTrue(v1.retired());
        assertTrue(factory.closed(v1.engine()));
    }

    @Test
    void acquireAndRelease_onAServingVersion_doNotClose() throws Exception {
        identity("m", 1);
        catalog.load("m");
        LoadedModel v1 = catalog.resolve("m", null);
        for (int i = 0; i < 3; i++) {
            assertTrue(v1.acquire());
        }
        for (int i = 0; i < 3; i++) {
            v1.release();
        }
        assertFalse(v1.retired());
        assertFalse(factory.closed(v1.engine()));
        assertEquals(1f, echo(v1, 1f));
    }

    @Test
    void retire_closesTheEngineExactlyOnce() throws Exception {
        identity("m", 1);
        catalog.load("m");
        LoadedModel v1 = catalog.resolve("m", null);
        assertTrue(v1.acquire());
        assertTrue(v1.acquire());
        catalog.unload("m");
        v1.retire();
        v1.release();
        assertFalse(factory.closed(v1.engine()));
        v1.release();
        assertTrue(factory.closed(v1.engine()));
        assertEquals(1, factory.closes);
    }

    // ---- unload ----

    @Test
    void unload_unknownModel_returnsFalse() {
        assertFalse(catalog.unload("ghost"));
        assertTrue(events.unloaded.isEmpty());
    }

    @Test
    void unload_invalidName_isInvalidNameException() {
        assertThrows(InvalidNameException.class, () -> catalog.unload("../etc"));
    }

    @Test
    void unload_stopsServingEveryVersion() throws Exception {
        identity("m", 1);
        identity("m", 2);
        manifest("m", "version-policy: all\n");
        catalog.load("m");
        List<LoadedModel> before = catalog.versions("m");
        assertTrue(catalog.unload("m"));
        assertThrows(ModelNotFoundException.class, () -> catalog.resolve("m", null));
        assertTrue(catalog.loaded().isEmpty());
        for (LoadedModel m : before) {
            assertTrue(m.retired());
            assertTrue(factory.closed(m.engine()));
        }
        assertEquals(List.of(new VersionState("m", 1, VersionState.UNLOADED, ""),
                new VersionState("m", 2, VersionState.UNLOADED, "")), catalog.index());
        assertEquals(before, events.unloaded);
        assertFalse(catalog.unload("m"), "a second unload has nothing to do");
    }

    @Test
    void index_listsModelsOfTheLastListingNeverLoadedAsUnloadedVersionZero() throws Exception {
        identity("a", 1);
        identity("b", 1);
        manifest("b", "version-policy:\n  specific: [7]\n");
        catalog.loadAll();
        identity("c", 1);
        assertEquals(List.of(new VersionState("a", 1, VersionState.READY, ""),
                new VersionState("b", 0, VersionState.UNAVAILABLE,
                        "no version directory matches the version policy Specific[versions=[7]]")), catalog.index(),
                "c appears with the next listing: the index never waits on the repository");
        catalog.refresh();
        assertEquals(List.of(new VersionState("a", 1, VersionState.READY, ""),
                new VersionState("b", 0, VersionState.UNAVAILABLE,
                        "no version directory matches the version policy Specific[versions=[7]]"),
                new VersionState("c", 1, VersionState.READY, "")), catalog.index());
        catalog.unload("c");
        assertEquals(new VersionState("c", 1, VersionState.UNLOADED, ""), catalog.index().get(2));
    }

    @Test
    void close_unloadsEverything() throws Exception {
        identity("a", 1);
        identity("b", 1);
        catalog.loadAll();
        List<LoadedModel> loaded = catalog.loaded();
        catalog.close();
        assertTrue(catalog.loaded().isEmpty());
        loaded.forEach(m -> assertTrue(factory.closed(m.engine()), m.toString()));
    }

    // ---- listeners ----

    @Test
    void listener_getsLoadedUnloadedAndFailed() throws Exception {
        identity("m", 1);
        corrupt("m", 2);
        manifest("m", "version-policy: all\n");
        catalog.load("m");
        LoadedModel v1 = catalog.resolve("m", "1");
        assertEquals(List.of(v1), events.loaded);
        assertEquals(1, events.failed.size());
        Failure f = events.failed.get(0);
        assertEquals("m", f.model());
        assertEquals(2, f.version());
        assertTrue(f.reason().contains("checksum mismatch"), f.reason());

        catalog.unload("m");
        assertEquals(List.of(v1), events.unloaded);
    }

    @Test
    void listener_attachesBeforeAnyRequestCanResolveTheVersion() throws Exception {
        identity("m", 1);
        catalog.load("m");
        LoadedModel v1 = catalog.resolve("m", null);
        identity("m", 2);
        List<String> seen = new ArrayList<>();
        catalog.addListener(new CatalogListener() {
            @Override
            public void loaded(LoadedModel model) {
                // What a request arriving now would get: still version 1, not yet the one being attached.
                LoadedModel routed = catalog.resolve(model.name(), null);
                seen.add(model.version() + " attached while requests go to " + routed.version()
                        + (routed.retired() ? " (retired)" : ""));
            }
        });
        catalog.load("m");
        assertEquals(List.of("2 attached while requests go to 1"), seen);
        assertTrue(v1.retired(), "latest: 1 retires version 1, after the swap");
        assertEquals(2, catalog.resolve("m", null).version());
    }

    @Test
    void listener_defaultMethodsDoNothing() throws Exception {
        catalog.addListener(new CatalogListener() {
        });
        identity("m", 1);
        corrupt("m", 2);
        manifest("m", "version-policy: all\n");
        assertTrue(catalog.load("m"));
        assertTrue(catalog.unload("m"));
    }

    // ---- repeated cycles ----

    @Test
    void fiftyLoadUnloadCycles() throws Exception {
        identity("m", 1);
        for (int i = 0; i < 50; i++) {
            assertTrue(catalog.load("m"), "cycle " + i);
            LoadedModel m = catalog.resolve("m", null);
            assertTrue(m.acquire());
            try {
                assertEquals(i, echo(m, i));
            } finally {
                m.release();
            }
            assertTrue(catalog.unload("m"), "cycle " + i);
            assertTrue(m.retired());
            assertThrows(ModelNotFoundException.class, () -> catalog.resolve("m", null));
        }
        assertEquals(50, factory.loads);
        assertEquals(50, factory.closes);
        assertEquals(50, events.loaded.size());
        assertEquals(50, events.unloaded.size());
        assertTrue(catalog.loaded().isEmpty());
    }

    // ---- test doubles ----

    record Failure(String model, long version, String reason) {
    }

    static final class RecordingListener implements CatalogListener {
        final List<LoadedModel> loaded = Collections.synchronizedList(new ArrayList<>());
        final List<LoadedModel> unloaded = Collections.synchronizedList(new ArrayList<>());
        final List<Failure> failed = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void loaded(LoadedModel model) {
            loaded.add(model);
        }

        @Override
        public void unloaded(LoadedModel model) {
            unloaded.add(model);
        }

        @Override
        public void failed(String model, long version, String reason) {
            failed.add(new Failure(model, version, reason));
        }
    }

    /** ONNX Runtime engines that remember whether they were closed, and how often. */
    static final class TrackingFactory implements EngineFactory {
        int loads;
        int closes;

        @Override
        public String name() {
            return ONNX.name();
        }

        @Override
        public Engine load(Path versionDirectory, ModelManifest manifest, String what) throws ModelLoadException {
            Engine engine = ONNX.load(versionDirectory, manifest, what);
            loads++;
            return new TrackedEngine(engine, this);
        }

        boolean closed(Engine engine) {
            return ((TrackedEngine) engine).closed.get();
        }
    }

    static final class TrackedEngine implements Engine {
        private final Engine delegate;
        private final TrackingFactory factory;
        final AtomicBoolean closed = new AtomicBoolean();

        TrackedEngine(Engine delegate, TrackingFactory factory) {
            this.delegate = delegate;
            this.factory = factory;
        }

        @Override
        public io.plumbline.model.ModelSignature signature() {
            return delegate.signature();
        }

        @Override
        public List<Tensor> run(Map<String, Tensor> inputs, List<String> outputs) throws EngineException {
            if (closed.get()) {
                throw new AssertionError("run on a closed engine");
            }
            return delegate.run(inputs, outputs);
        }

        @Override
        public String device() {
            return delegate.device();
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                throw new AssertionError("engine closed twice");
            }
            factory.closes++;
            delegate.close();
        }
    }
}
