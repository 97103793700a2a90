package io.plumbline.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.plumbline.model.Device;
import io.plumbline.model.ManifestReader;
import io.plumbline.model.ModelLoadException;
import io.plumbline.model.ModelManifest;
import io.plumbline.model.ModelSignature;
import io.plumbline.model.TensorSpec;
import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineException;
import io.plumbline.model.engine.EngineOptions;
import io.plumbline.model.testing.TestModels;
import io.plumbline.model.testing.TestRepos;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OnnxEngineFactoryTest {

    private static final OnnxEngineFactory FACTORY = new OnnxEngineFactory(EngineOptions.DEFAULT);

    @TempDir
    Path dir;

    private final List<Engine> opened = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        opened.forEach(Engine::close);
    }

    private Engine load(Path versionDir, ModelManifest manifest) throws ModelLoadException {
        Engine e = FACTORY.load(versionDir, manifest, "m/1");
        opened.add(e);
        return e;
    }

    private static ModelManifest manifest(String yaml) throws ModelLoadException {
        return ManifestReader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "m/model.yaml");
    }

    private static ModelManifest demoManifest() throws ModelLoadException {
        return ManifestReader.read(TestRepos.demoModel().resolve("model.yaml"), "weather/model.yaml");
    }

    private Path demoVersion() throws Exception {
        Path v = Files.createDirectories(dir.resolve("weather-1"));
        Files.copy(TestRepos.demoModel().resolve("1/model.onnx"), v.resolve("model.onnx"));
        return v;
    }

    private static boolean cudaAvailable() {
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    // ---- loading and signatures ----

    @Test
    void name_isOnnxRuntime() {
        assertEquals("onnxruntime", FACTORY.name());
        assertEquals(ModelManifest.ONNX_RUNTIME, FACTORY.name());
    }

    @Test
    void load_withoutManifest_readsTheSignatureFromTheFile() throws Exception {
        TestModels.identity(dir, DataType.FP32);
        Engine engine = load(dir, ModelManifest.DEFAULT);
        ModelSignature sig = engine.signature();
        assertEquals(1, sig.inputs().size());
        assertEquals(1, sig.outputs().size());
        TensorSpec x = sig.inputs().get(0);
        TensorSpec y = sig.outputs().get(0);
        assertEquals("x", x.name());
        assertEquals("y", y.name());
        assertEquals(DataType.FP32, x.datatype());
        assertEquals(DataType.FP32, y.datatype());
        assertArrayEquals(new long[] {-1, -1}, x.shape());
        assertArrayEquals(new long[] {-1, -1}, y.shape());
        assertTrue(x.features().isEmpty());
        assertTrue(x.batchable());
        assertEquals("cpu", engine.device());
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"UINT16", "UINT32", "UINT64"}, mode = EnumSource.Mode.EXCLUDE)
    void load_identityOfEveryCarriedDatatype_reportsThatDatatype(DataType type) throws Exception {
        TestModels.identity(dir, type);
        Engine engine = load(dir, ModelManifest.DEFAULT);
        assertEquals(type, engine.signature().inputs().get(0).datatype());
        assertEquals(type, engine.signature().outputs().get(0).datatype());
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"UINT16", "UINT32", "UINT64"})
    void load_wideUnsignedIdentity_isRefusedAtLoad(DataType type) throws Exception {
        TestModels.identity(dir, type);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(dir, ModelManifest.DEFAULT));
        assertContains(e.getMessage(), "m/1: input 'x' has element type", type.name(), "cannot carry");
    }

    @Test
    void load_demoModelWithItsManifest_getsFeatureNamesAndLabels() throws Exception {
        Engine engine = load(demoVersion(), demoManifest());
        TensorSpec in = engine.signature().input("features").orElseThrow();
        TensorSpec out = engine.signature().output("probabilities").orElseThrow();
        assertEquals(DataType.FP32, in.datatype());
        assertArrayEquals(new long[] {-1, 4}, in.shape());
        assertEquals(List.of("precipitation", "temp_max", "temp_min", "wind"), in.features());
        assertEquals(List.of("drizzle", "fog", "rain", "snow", "sun"), out.labels());
        assertArrayEquals(new long[] {-1, 5}, out.shape());
    }

    @Test
    void load_demoModelWithoutManifest_hasNoNames() throws Exception {
        Engine engine = load(demoVersion(), ModelManifest.DEFAULT);
        TensorSpec in = engine.signature().input("features").orElseThrow();
        assertTrue(in.features().isEmpty());
        assertArrayEquals(new long[] {-1, 4}, in.shape());
    }

    @Test
    void load_demoModelRuns() throws Exception {
        Engine engine = load(demoVersion(), demoManifest());
        Tensor x = Tensor.ofFloats("features", new long[] {2, 4}, 0f, 12f, 5f, 3f, 20f, 8f, 4f, 6f);
        List<Tensor> out = engine.run(Map.of("features", x), List.of("probabilities"));
        Tensor p = out.get(0);
        assertEquals("probabilities", p.name());
        assertArrayEquals(new long[] {2, 5}, p.shape());
        for (int row = 0; row < 2; row++) {
            double sum = 0;
            for (int c = 0; c < 5; c++) {
                float v = p.getFloat(row * 5 + c);
                assertTrue(v >= 0 && v <= 1, "probability " + v);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-4);
        }
    }

    @Test
    void load_manifestFillsVariableDimensions() throws Exception {
        TestModels.identity(dir, DataType.FP32);
        Engine engine = load(dir, manifest("inputs:\n  - name: x\n    datatype: FP32\n    shape: [-1, 3]\n"
                + "    features: [a, b, c]\n"));
        TensorSpec x = engine.signature().input("x").orElseThrow();
        assertArrayEquals(new long[] {-1, 3}, x.shape());
        assertEquals(List.of("a", "b", "c"), x.features());
        // The undeclared output keeps the model's own signature.
        assertArrayEquals(new long[] {-1, -1}, engine.signature().output("y").orElseThrow().shape());
    }

    @Test
    void load_manifestWrongDatatype_isRefused() throws Exception {
        Path v = demoVersion();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(v,
                manifest("inputs:\n  - name: features\n    datatype: FP64\n    shape: [-1, 4]\n")));
        assertEquals("m/1: model.yaml says input 'features' is FP64 but the model has FP32", e.getMessage());
    }

    @Test
    void load_manifestUnknownInput_isRefused() throws Exception {
        Path v = demoVersion();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(v,
                manifest("inputs:\n  - name: feature\n    datatype: FP32\n    shape: [-1, 4]\n")));
        assertEquals("m/1: model.yaml declares input 'feature' but the model's inputs are [features]",
                e.getMessage());
    }

    @Test
    void load_manifestUnknownOutput_isRefused() throws Exception {
        Path v = demoVersion();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(v,
                manifest("outputs:\n  - name: label\n    datatype: FP32\n    shape: [-1, 5]\n")));
        assertContains(e.getMessage(), "declares output 'label'", "outputs are [probabilities]");
    }

    @Test
    void load_manifestWrongFeatureCount_isRefused() throws Exception {
        Path v = demoVersion();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(v,
                manifest("inputs:\n  - name: features\n    datatype: FP32\n    shape: [-1, -1]\n"
                        + "    features: [precipitation, temp_max, temp_min]\n")));
        assertEquals("m/1: input 'features' lists 3 features for a last dimension of 4", e.getMessage());
    }

    @Test
    void load_manifestWrongLabelCount_isRefused() throws Exception {
        Path v = demoVersion();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(v,
                manifest("outputs:\n  - name: probabilities\n    datatype: FP32\n    shape: [-1, 5]\n"
                        + "    labels: [rain, sun]\n")));
        assertEquals("m/1: output 'probabilities' lists 2 labels for a last dimension of 5", e.getMessage());
    }

    @Test
    void load_manifestWrongDimension_isRefused() throws Exception {
        Path v = demoVersion();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(v,
                manifest("inputs:\n  - name: features\n    datatype: FP32\n    shape: [-1, 5]\n")));
        assertContains(e.getMessage(), "model.yaml gives input 'features' shape [-1, 5] but the model has [-1, 4]");
    }

    @Test
    void load_manifestWrongRank_isRefused() throws Exception {
        Path v = demoVersion();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(v,
                manifest("inputs:\n  - name: features\n    datatype: FP32\n    shape: [4]\n")));
        assertContains(e.getMessage(), "shape [4] but the model has rank 2 [-1, 4]");
    }

    @Test
    void load_garbageFile_isRefusedByOnnxRuntime() throws Exception {
        byte[] junk = new byte[4096];
        new Random(42).nextBytes(junk);
        Files.write(dir.resolve("model.onnx"), junk);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(dir, ModelManifest.DEFAULT));
        assertTrue(e.getMessage().startsWith("m/1: ONNX Runtime cannot load model.onnx: "), e.getMessage());
    }

    @Test
    void load_emptyFile_isRefusedByOnnxRuntime() throws Exception {
        Files.write(dir.resolve("model.onnx"), new byte[0]);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(dir, ModelManifest.DEFAULT));
        assertContains(e.getMessage(), "ONNX Runtime cannot load model.onnx");
    }

    @Test
    void load_missingModelFile_isAnError() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(dir, ModelManifest.DEFAULT));
        assertEquals("m/1: no model.onnx in the version directory", e.getMessage());
    }

    @Test
    void load_modelFileThatIsADirectory_isAnError() throws Exception {
        Files.createDirectories(dir.resolve("model.onnx"));
        assertThrows(ModelLoadException.class, () -> load(dir, ModelManifest.DEFAULT));
    }

    @Test
    void load_gpuWithoutCuda_isRefusedNamingCudaAndTheFallback() throws Exception {
        assumeFalse(cudaAvailable(), "this test needs a machine without CUDA");
        TestModels.identity(dir, DataType.FP32);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(dir, manifest("device: gpu\n")));
        assertContains(e.getMessage(), "m/1: device gpu:0 requested", "CUDA", "fallback: cpu", "device: cpu");
    }

    @Test
    void load_gpuIndexWithoutCuda_namesTheDevice() throws Exception {
        assumeFalse(cudaAvailable(), "this test needs a machine without CUDA");
        TestModels.identity(dir, DataType.FP32);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(dir, manifest("device: gpu:1\n")));
        assertContains(e.getMessage(), "device gpu:1 requested");
    }

    @Test
    void load_gpuWithCpuFallback_loadsOnCpu() throws Exception {
        assumeFalse(cudaAvailable(), "this test needs a machine without CUDA");
        TestModels.identity(dir, DataType.FP32);
        ModelManifest m = manifest("device: gpu\nfallback: cpu\n");
        assertEquals(new Device(true, 0), m.device());
        Engine engine = load(dir, m);
        assertEquals("cpu", engine.device());
        Tensor x = Tensor.ofFloats("x", new long[] {1, 2}, 1f, 2f);
        Tensor y = engine.run(Map.of("x", x), List.of("y")).get(0);
        assertEquals(2f, y.getFloat(1));
    }

    @Test
    void load_withEngineOptions() throws Exception {
        TestModels.identity(dir, DataType.FP32);
        for (String opt : List.of("none", "basic", "extended", "all")) {
            Engine e = new OnnxEngineFactory(new EngineOptions(1, 1, opt)).load(dir, ModelManifest.DEFAULT, "m/1");
            opened.add(e);
            Tensor y = e.run(Map.of("x", Tensor.ofFloats("x", new long[] {1, 1}, 3f)), List.of("y")).get(0);
            assertEquals(3f, y.getFloat(0));
        }
    }

    // ---- running ----

    @Test
    void run_identityFp32_roundTripsExactly() throws Exception {
        TestModels.identity(dir, DataType.FP32);
        Engine engine = load(dir, ModelManifest.DEFAULT);
        float[] values = {1.5f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.NaN};
        Tensor x = Tensor.ofFloats("x", new long[] {2, 3}, values);
        List<Tensor> out = engine.run(Map.of("x", x), List.of("y"));
        assertEquals(1, out.size());
        Tensor y = out.get(0);
        assertEquals("y", y.name());
        assertEquals(DataType.FP32, y.type());
        assertArrayEquals(new long[] {2, 3}, y.shape());
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(y.getFloat(i)), "element " + i);
        }
    }

    @Test
    void run_identityInt64_beyondDoublePrecisionIsExact() throws Exception {
        TestModels.identity(dir, DataType.INT64);
        Engine engine = load(dir, ModelManifest.DEFAULT);
        long beyond = (1L << 53) + 1;
        long[] values = {beyond, -beyond, Long.MAX_VALUE, Long.MIN_VALUE, 0, 9_007_199_254_740_993L + 2};
        Tensor y = engine.run(Map.of("x", Tensor.ofLongs("x", new long[] {3, 2}, values)), List.of("y")).get(0);
        assertEquals(DataType.INT64, y.type());
        assertArrayEquals(new long[] {3, 2}, y.shape());
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], y.getLong(i), "element " + i);
        }
    }

    @Test
    void run_identityFromANonZeroPositionBuffer() throws Exception {
        TestModels.identity(dir, DataType.INT32);
        Engine engine = load(dir, ModelManifest.DEFAULT);
        ByteBuffer b = ByteBuffer.allocate(4 + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(-99).putInt(7).putInt(-8).putInt(9);
        b.position(4);
        Tensor x = Tensor.ofBytes("x", DataType.INT32, new long[] {1, 3}, b);
        Tensor y = engine.run(Map.of("x", x), List.of("y")).get(0);
        assertEquals(7, y.getInt(0));
        assertEquals(-8, y.getInt(1));
        assertEquals(9, y.getInt(2));
    }

    @Test
    void run_identityBytes_roundTripsUtf8() throws Exception {
        TestModels.identity(dir, DataType.BYTES);
        Engine engine = load(dir, ModelManifest.DEFAULT);
        String[] values = {"", "plain", "h\u00e9llo \u2603", "emoji \uD83D\uDE00", "tab\tand\nnewline", "last"};
        byte[][] elements = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            elements[i] = values[i].getBytes(StandardCharsets.UTF_8);
        }
        Tensor y = engine.run(Map.of("x", Tensor.ofStrings("x", new long[] {3, 2}, elements)), List.of("y")).get(0);
        assertEquals(DataType.BYTES, y.type());
        assertArrayEquals(new long[] {3, 2}, y.shape());
        for (int i = 0; i < values.length; i++) {
            assertArrayEquals(elements[i], y.string(i), "element " + i);
        }
    }

    @Test
    void run_identityBool() throws Exception {
        TestModels.identity(dir, DataType.BOOL);
        Engine engine = load(dir, ModelManifest.DEFAULT);
        ByteBuffer b = ByteBuffer.wrap(new byte[] {1, 0, 0, 1});
        Tensor y = engine.run(Map.of("x", Tensor.ofBytes("x", DataType.BOOL, new long[] {2, 2}, b)), List.of("y"))
                .get(0);
        assertEquals(DataType.BOOL, y.type());
        assertEquals(1, y.getByte(0));
        assertEquals(0, y.getByte(1));
        assertEquals(1, y.getByte(3));
    }

    @Test
    void run_identityFp64() throws Exception {
        TestModels.identity(dir, DataType.FP64);
        Engine engine = load(dir, ModelManifest.DEFAULT);
        Tensor y = engine.run(Map.of("x", Tensor.ofDoubles("x", new long[] {1, 2}, 0.1, -Double.MIN_VALUE)),
                List.of("y")).get(0);
        assertEquals(0.1, y.getDouble(0));
        assertEquals(-Double.MIN_VALUE, y.getDouble(1));
    }

    @Test
    void run_emptyBatch() throws Exception {
        TestModels.identity(dir, DataType.FP32);
        Engine engine = load(dir, ModelManifest.DEFAULT);
        Tensor y = engine.run(Map.of("x", Tensor.ofFloats("x", new long[] {0, 2})), List.of("y")).get(0);
        assertArrayEquals(new long[] {0, 2}, y.shape());
        assertEquals(0, y.elementCount());
    }

    @Test
    void run_missingInput_isAnEngineException() throws Exception {
        TestModels.identity(dir, DataType.FP32);
        Engine engine = load(dir, ModelManifest.DEFAULT);
        assertThrows(EngineException.class, () -> engine.run(Map.of(), List.of("y")));
    }

    @Test
    void run_reshapeTo3_withThreeElements() throws Exception {
        TestModels.reshapeTo3(dir);
        Engine engine = load(dir, ModelManifest.DEFAULT);
        Tensor y = engine.run(Map.of("x", Tensor.ofFloats("x", new long[] {3}, 1f, 2f, 3f)), List.of("y")).get(0);
        assertArrayEquals(new long[] {3}, y.shape());
        assertEquals(3f, y.getFloat(2));
    }

    @Test
    void run_reshapeTo3_withFourElements_isAnEngineException() throws Exception {
        TestModels.reshapeTo3(dir);
        Engine engine = load(dir, ModelManifest.DEFAULT);
        Tensor four = Tensor.ofFloats("x", new long[] {4}, 1f, 2f, 3f, 4f);
        EngineException e = assertThrows(EngineException.class, () -> engine.run(Map.of("x", four), List.of("y")));
        assertTrue(e.getMessage().startsWith("ONNX Runtime failed: "), e.getMessage());
        // The session is still usable afterwards.
        Tensor y = engine.run(Map.of("x", Tensor.ofFloats("x", new long[] {3}, 4f, 5f, 6f)), List.of("y")).get(0);
        assertEquals(6f, y.getFloat(2));
    }

    @Test
    void run_wrongInputType_isAnEngineException() throws Exception {
        TestModels.identity(dir, DataType.FP32);
        Engine engine = load(dir, ModelManifest.DEFAULT);
        Tensor ints = Tensor.ofInts("x", new long[] {1, 2}, 1, 2);
        assertThrows(EngineException.class, () -> engine.run(Map.of("x", ints), List.of("y")));
    }

    @Test
    void run_unknownOutput_isAnEngineException() throws Exception {
        TestModels.identity(dir, DataType.FP32);
        Engine engine = load(dir, ModelManifest.DEFAULT);
        Tensor x = Tensor.ofFloats("x", new long[] {1, 1}, 1f);
        assertThrows(EngineException.class, () -> engine.run(Map.of("x", x), List.of("nope")));
    }

    @Test
    void run_unknownInput_isAnEngineException() throws Exception {
        TestModels.identity(dir, DataType.FP32);
        Engine engine = load(dir, ModelManifest.DEFAULT);
        Tensor x = Tensor.ofFloats("x", new long[] {1, 1}, 1f);
        assertThrows(EngineException.class,
                () -> engine.run(Map.of("x", x, "extra", x.withName("extra")), List.of("y")));
    }

    @Test
    void run_mlp_batchOfRowsMatchesSingleRows() throws Exception {
        TestModels.mlp(dir, 4, 8, 2, 3, 11L);
        Engine engine = load(dir, ModelManifest.DEFAULT);
        assertArrayEquals(new long[] {-1, 4}, engine.signature().inputs().get(0).shape());
        float[] rows = {0.1f, 0.2f, 0.3f, 0.4f, -1f, 0f, 1f, 2f};
        Tensor batch = engine.run(Map.of("x", Tensor.ofFloats("x", new long[] {2, 4}, rows)), List.of("y")).get(0);
        assertArrayEquals(new long[] {2, 3}, batch.shape());
        float[] second = new float[4];
        System.arraycopy(rows, 4, second, 0, 4);
        Tensor single = engine.run(Map.of("x", Tensor.ofFloats("x", new long[] {1, 4}, second)), List.of("y")).get(0);
        for (int c = 0; c < 3; c++) {
            assertEquals(batch.getFloat(3 + c), single.getFloat(c), 1e-5f);
        }
    }

    @Test
    void close_isSafeAfterFailedRuns() throws Exception {
        TestModels.reshapeTo3(dir);
        Engine engine = FACTORY.load(dir, ModelManifest.DEFAULT, "m/1");
        assertThrows(EngineException.class,
                () -> engine.run(Map.of("x", Tensor.ofFloats("x", new long[] {1}, 1f)), List.of("y")));
        assertInstanceOf(OnnxEngine.class, engine);
        engine.close();
        // The session was really released, not left open by the failed run: ONNX Runtime refuses
        // to score a closed session, where a leaked one would still answer.
        Tensor three = Tensor.ofFloats("x", new long[] {3}, 1f, 2f, 3f);
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> engine.run(Map.of("x", three), List.of("y")));
        assertContains(closed.getMessage(), "closed OrtSession");
    }
}
