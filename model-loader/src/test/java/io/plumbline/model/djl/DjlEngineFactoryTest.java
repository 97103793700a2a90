package io.plumbline.model.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.plumbline.demo.WeatherModelTrainer.Day;
import io.plumbline.model.FileModelRepository;
import io.plumbline.model.LoadedModel;
import io.plumbline.model.ManifestReader;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.ModelLoadException;
import io.plumbline.model.ModelManifest;
import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineOptions;
import io.plumbline.model.testing.TestRepos;
import io.plumbline.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DJL engine against models with a known answer: an XGBoost booster trained here with
 * xgboost4j must predict through DJL exactly what xgboost4j predicts on the same rows, and the demo
 * ONNX model through DJL's ONNX Runtime exactly what our own ONNX engine returns.
 */
class DjlEngineFactoryTest {
    private static final String RAIN_MANIFEST = """
            engine: djl
            djl-engine: XGBoost
            inputs:
              - name: features
                datatype: FP32
                shape: [-1, 4]
                features: [precipitation, temp_max, temp_min, wind]
            outputs:
              - name: rain
                datatype: FP32
                shape: %s
            """;

    @TempDir
    static Path repo;

    private static List<Day> heldOut;
    private static float[] expected;
    private static ModelCatalog catalog;

    @BeforeAll
    static void trainAndLoad() throws Exception {
        List<Day> days = XgboostModels.days();
        List<Day> training = days.stream().filter(d -> d.date().getYear() <= 2013).toList();
        heldOut = days.stream().filter(d -> d.date().getYear() >= 2014).toList();
        Booster booster = XgboostModels.trainRain(training, 30);
        try {
            expected = XgboostModels.predict(booster, heldOut);
            Path version = Files.createDirectories(repo.resolve("rain/1"));
            booster.saveModel(version.resolve("model.json").toString());
            TestRepos.writeSums(version, "model.json");
            TestRepos.writeManifest(repo, "rain", RAIN_MANIFEST.formatted("[-1]"));
        } finally {
            booster.dispose();
        }
        catalog = new ModelCatalog(new FileModelRepository(repo), List.of(new DjlEngineFactory(EngineOptions.DEFAULT)));
        assertEquals(1, catalog.loadAll(), () -> "index: " + index());
    }

    @AfterAll
    static void close() {
        if (catalog != null) {
            catalog.close();
        }
    }

    private static String index() {
        return catalog.index().toString();
    }

    @Test
    void xgboostThroughDjlPredictsWhatXgboost4jPredicts() throws Exception {
        LoadedModel m = catalog.resolve("rain", null);
        assertEquals("djl", m.manifest().engine());
        assertEquals("cpu", m.engine().device());
        Tensor in = Tensor.ofFloats("features", new long[] {heldOut.size(), 4}, XgboostModels.features(heldOut));
        Tensor out = m.engine().run(Map.of("features", in), List.of("rain")).get(0);
        assertArrayEquals(new long[] {heldOut.size()}, out.shape());
        float[] actual = new float[heldOut.size()];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = out.getFloat(i);
        }
        // Same library, same native code, same booster: bit-identical, not merely close.
        assertArrayEquals(expected, actual);
        // And it learned something: rainy days score higher than the rest on average.
        double rain = 0;
        double dry = 0;
        int rainy = 0;
        for (int i = 0; i < actual.length; i++) {
            if (heldOut.get(i).weather().equals("rain")) {
                rain += actual[i];
                rainy++;
            } else {
                dry += actual[i];
            }
        }
        assertTrue(rain / rainy > dry / (actual.length - rainy) + 0.3, "rain vs dry scores");
    }

    @Test
    void outputTakesTheManifestsShape(@TempDir Path dir) throws Exception {
        Files.copy(repo.resolve("rain/1/model.json"), dir.resolve("model.json"));
        try (Engine engine = factory().load(dir, manifest(RAIN_MANIFEST.formatted("[-1, 1]")), "rain/2")) {
            Tensor in = Tensor.ofFloats("features", new long[] {3, 4}, XgboostModels.features(heldOut.subList(0, 3)));
            Tensor out = engine.run(Map.of("features", in), List.of("rain")).get(0);
            assertArrayEquals(new long[] {3, 1}, out.shape());
            assertEquals(expected[2], out.getFloat(2));
        }
    }

    @Test
    void concurrentCallsGetTheirOwnAnswers() throws Exception {
        Engine engine = catalog.resolve("rain", null).engine();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    for (int k = 0; k < 40; k++) {
                        int row = (offset * 40 + k) % heldOut.size();
                        Tensor in = Tensor.ofFloats("features", new long[] {1, 4}, heldOut.get(row).features());
                        float got = engine.run(Map.of("features", in), List.of("rain")).get(0).getFloat(0);
                        assertEquals(expected[row], got, "row " + row);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesAModelWithoutASignature(@TempDir Path dir) throws Exception {
        Files.copy(repo.resolve("rain/1/model.json"), dir.resolve("model.json"));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> factory().load(dir, manifest("engine: djl\ndjl-engine: XGBoost\n"), "rain/3"));
        assertTrue(e.getMessage().contains("rain/3: engine: djl needs 'inputs' and 'outputs' in model.yaml"),
                e.getMessage());
    }

    @Test
    void namesTheAvailableEnginesWhenTheManifestNamesAnother(@TempDir Path dir) throws Exception {
        String yaml = RAIN_MANIFEST.formatted("[-1]");
        ModelLoadException unknown = assertThrows(ModelLoadException.class,
                () -> factory().load(dir, manifest(yaml.replace("XGBoost", "TensorFlow")), "rain/4"));
        assertTrue(unknown.getMessage().contains("DJL engine 'TensorFlow' is not in this build"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("XGBoost") && unknown.getMessage().contains("OnnxRuntime"),
                unknown.getMessage());
        ModelLoadException missing = assertThrows(ModelLoadException.class,
                () -> factory().load(dir, manifest(yaml.replace("djl-engine: XGBoost\n", "")), "rain/4"));
        assertTrue(missing.getMessage().contains("needs 'djl-engine'"), missing.getMessage());
    }

    @Test
    void saysWhichFileItWantsWhenTheDirectoryHasNoModel(@TempDir Path dir) throws Exception {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> factory().load(dir, manifest(RAIN_MANIFEST.formatted("[-1]")), "rain/5"));
        assertTrue(e.getMessage().contains("model.json"), e.getMessage());
    }

    @Test
    void engineNameIsCaseInsensitiveAndXgboostInputsAreChecked(@TempDir Path dir) throws Exception {
        Files.copy(repo.resolve("rain/1/model.json"), dir.resolve("model.json"));
        String yaml = RAIN_MANIFEST.formatted("[-1]").replace("XGBoost", "xgboost").replace("FP32\n    shape: [-1, 4]",
                "FP64\n    shape: [-1, 4]");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> factory().load(dir, manifest(yaml),
                "rain/6"));
        assertTrue(e.getMessage().contains("DJL XGBoost takes exactly one FP32 input"), e.getMessage());
    }

    @Test
    void demoOnnxModelThroughDjlMatchesOurOnnxEngine(@TempDir Path dir) throws Exception {
        Path demo = TestRepos.demoModel();
        Files.copy(demo.resolve("1/model.onnx"), dir.resolve("model.onnx"));
        String yaml = Files.readString(demo.resolve("model.yaml"));
        Files.writeString(dir.resolve("onnx.yaml"), yaml);
        Files.writeString(dir.resolve("djl.yaml"), yaml.replace("engine: onnxruntime", "engine: djl\ndjl-engine: OnnxRuntime"));
        // A fresh JVM, factories in serving's order: the suite has created ONNX Runtime's environment by now.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Xmx512m", "-cp", classpathJar(dir).toString(),
                DjlOnnxCheck.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("DJL OnnxRuntime matches the direct engine"), output);
    }

    /**
     * The test classpath as a manifest-only jar, as surefire itself does: ONNX Runtime 1.29 crashes
     * the JVM (SIGSEGV) creating its environment when {@code java.class.path} is longer than about
     * 4 KB, which the module's full test classpath is.
     */
    private static Path classpathJar(Path dir) throws IOException {
        StringBuilder urls = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                urls.append(Path.of(entry).toUri()).append(' ');
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, urls.toString().strip());
        Path jar = dir.resolve("classpath.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    @Test
    void djlOnnxRuntimeAfterOnnxRuntimeStartedSaysWhatToDo(@TempDir Path dir) throws Exception {
        ai.onnxruntime.OrtEnvironment.getEnvironment();
        DjlEngineFactory factory = factory();
        assumeTrue(factory.onnxRuntimeProblem() != null, "DJL's OnnxRuntime started earlier in this JVM");
        Path demo = TestRepos.demoModel();
        Files.copy(demo.resolve("1/model.onnx"), dir.resolve("model.onnx"));
        String yaml = Files.readString(demo.resolve("model.yaml"))
                .replace("engine: onnxruntime", "engine: djl\ndjl-engine: OnnxRuntime");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> factory.load(dir, manifest(yaml), "w/1"));
        assertTrue(e.getMessage().contains("'engine: onnxruntime'"), e.getMessage());
    }

    /**
     * Surefire passes {@code -Dai.djl.offline=true} to every test JVM, so reading the property
     * proves nothing: clear it first, so only the factory can have set it.
     */
    @Test
    void theFactoryTurnsOfflineModeOn() {
        String before = System.clearProperty(DjlEngineFactory.OFFLINE_PROPERTY);
        try {
            assertNull(System.getProperty(DjlEngineFactory.OFFLINE_PROPERTY));
            factory();
            assertEquals("true", System.getProperty(DjlEngineFactory.OFFLINE_PROPERTY));
        } finally {
            restore(before);
        }
    }

    /** An operator's explicit {@code ai.djl.offline=false} is respected (with a warning), not overwritten. */
    @Test
    void anExplicitOfflineSettingIsKept() {
        String before = System.setProperty(DjlEngineFactory.OFFLINE_PROPERTY, "false");
        try {
            factory();
            assertEquals("false", System.getProperty(DjlEngineFactory.OFFLINE_PROPERTY));
        } finally {
            restore(before);
        }
    }

    private static void restore(String value) {
        if (value == null) {
            System.clearProperty(DjlEngineFactory.OFFLINE_PROPERTY);
        } else {
            System.setProperty(DjlEngineFactory.OFFLINE_PROPERTY, value);
        }
    }

    private static DjlEngineFactory factory() {
        return new DjlEngineFactory(EngineOptions.DEFAULT);
    }

    private static ModelManifest manifest(String yaml) throws ModelLoadException {
        return ManifestReader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "model.yaml");
    }
}
