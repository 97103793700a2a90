package io.plumbline.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.SegmentSpec;
import io.plumbline.model.testing.TestRepos;
import io.plumbline.tensor.DataType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

    private static ModelManifest parse(String yaml) throws ModelLoadException {
        return ManifestReader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "m/model.yaml");
    }

    private static String refused(String yaml) {
        return assertThrows(ModelLoadException.class, () -> parse(yaml)).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    // ---- the demo manifest ----

    @Test
    void demoManifest_parses() throws Exception {
        ModelManifest m = ManifestReader.read(TestRepos.demoModel().resolve("model.yaml"), "weather/model.yaml");
        assertEquals("onnxruntime", m.engine());
        assertEquals(Device.CPU, m.device());
        assertFalse(m.fallbackToCpu());
        assertEquals(1, m.inputs().size());
        TensorSpec in = m.inputs().get(0);
        assertEquals("features", in.name());
        assertEquals(DataType.FP32, in.datatype());
        assertArrayEquals(new long[] {-1, 4}, in.shape());
        assertEquals(List.of("precipitation", "temp_max", "temp_min", "wind"), in.features());
        assertEquals(List.of(), in.labels());
        assertEquals(1, m.outputs().size());
        TensorSpec out = m.outputs().get(0);
        assertEquals("probabilities", out.name());
        assertArrayEquals(new long[] {-1, 5}, out.shape());
        assertEquals(List.of("drizzle", "fog", "rain", "snow", "sun"), out.labels());
        assertEquals(new VersionPolicy.Latest(1), m.versionPolicy());
        assertEquals(BatchingSettings.UNSET, m.batching());
    }

    @Test
    void read_missingFile_namesTheSource(@TempDir Path dir) {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ManifestReader.read(dir.resolve("model.yaml"), "x/model.yaml"));
        assertTrue(e.getMessage().startsWith("cannot read x/model.yaml"), e.getMessage());
    }

    // ---- empty and default ----

    @Test
    void emptyFile_isTheDefaultManifest(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("model.yaml"), "");
        assertSame(ModelManifest.DEFAULT, ManifestReader.read(file, "m/model.yaml"));
    }

    @Test
    void commentsOnly_isTheDefaultManifest() throws Exception {
        assertSame(ModelManifest.DEFAULT, parse("# nothing to say\n"));
    }

    @Test
    void emptyMapping_takesDefaults() throws Exception {
        ModelManifest m = parse("{}");
        assertEquals(ModelManifest.DEFAULT, m);
    }

    @Test
    void defaultManifest_values() {
        ModelManifest d = ModelManifest.DEFAULT;
        assertEquals("onnxruntime", d.engine());
        assertEquals(Device.CPU, d.device());
        assertFalse(d.fallbackToCpu());
        assertTrue(d.inputs().isEmpty());
        assertTrue(d.outputs().isEmpty());
        assertEquals(VersionPolicy.DEFAULT, d.versionPolicy());
        assertEquals(new VersionPolicy.Latest(1), VersionPolicy.DEFAULT);
    }

    // ---- version policy ----

    @Test
    void versionPolicy_latest() throws Exception {
        assertEquals(new VersionPolicy.Latest(3), parse("version-policy:\n  latest: 3\n").versionPolicy());
    }

    @Test
    void versionPolicy_allAsScalar() throws Exception {
        assertInstanceOf(VersionPolicy.All.class, parse("version-policy: all\n").versionPolicy());
    }

    @Test
    void versionPolicy_allAsKey() throws Exception {
        assertInstanceOf(VersionPolicy.All.class, parse("version-policy:\n  all: {}\n").versionPolicy());
    }

    @Test
    void versionPolicy_specific() throws Exception {
        VersionPolicy p = parse("version-policy:\n  specific: [1, 3]\n").versionPolicy();
        assertEquals(new VersionPolicy.Specific(Set.of(1L, 3L)), p);
    }

    @Test
    void versionPolicy_latestZero_refused() {
        assertContains(refused("version-policy:\n  latest: 0\n"), "m/model.yaml: ",
                "version-policy latest must be at least 1, got 0");
    }

    @Test
    void versionPolicy_latestNegative_refused() {
        assertContains(refused("version-policy:\n  latest: -2\n"), "version-policy.latest must be a non-negative integer");
    }

    @Test
    void versionPolicy_latestNotANumber_refused() {
        assertContains(refused("version-policy:\n  latest: newest\n"), "version-policy.latest");
    }

    @Test
    void versionPolicy_specificNotIntegers_refused() {
        assertContains(refused("version-policy:\n  specific: [1, two]\n"),
                "version-policy.specific must be a non-negative integer");
    }

    @Test
    void versionPolicy_twoKinds_refused() {
        assertContains(refused("version-policy:\n  latest: 1\n  specific: [1]\n"),
                "version-policy takes one of latest: N, all, specific: [..]");
    }

    @Test
    void versionPolicy_unknownKind_refused() {
        assertContains(refused("version-policy:\n  newest: 1\n"), "version-policy takes one of");
    }

    @Test
    void versionPolicy_unknownScalar_refused() {
        assertContains(refused("version-policy: newest\n"), "version-policy must be a mapping");
    }

    // ---- batching ----

    @Test
    void batching_allKeys() throws Exception {
        ModelManifest m = parse("batching:\n  max-batch-size: 64\n  max-queue-delay-us: 500\n"
                + "  instances: 2\n  enabled: true\n");
        assertEquals(new BatchingSettings(64, 500L, 2, true), m.batching());
    }

    @Test
    void batching_someKeys_leaveOthersUnset() throws Exception {
        assertEquals(new BatchingSettings(null, null, null, false), parse("batching:\n  enabled: false\n").batching());
        assertEquals(new BatchingSettings(8, null, null, null), parse("batching:\n  max-batch-size: 8\n").batching());
    }

    @Test
    void batching_unknownKey_namedWithItsPath() {
        assertContains(refused("batching:\n  max_batch_size: 64\n"), "unknown key 'batching.max_batch_size'",
                "max-batch-size");
    }

    @Test
    void batching_enabledNotBoolean_refused() {
        assertContains(refused("batching:\n  enabled: sometimes\n"), "batching.enabled must be true or false");
    }

    @Test
    void batching_negativeSize_refused() {
        assertContains(refused("batching:\n  max-batch-size: -1\n"),
                "batching.max-batch-size must be a non-negative integer");
    }

    @Test
    void batching_notAMapping_refused() {
        assertContains(refused("batching: yes\n"), "batching must be a mapping");
    }

    // ---- unknown keys ----

    // ---- segments ----

    @Test
    void segments_featureAndParameter() throws Exception {
        ModelManifest m = parse("segments:\n  - feature: region\n    top: 5\n"
                + "  - parameter: tenant\n    values: [acme, globex]\n");
        assertEquals(List.of(new SegmentSpec("region", null, List.of(), 5),
                new SegmentSpec(null, "tenant", List.of("acme", "globex"), null)), m.segments());
        assertEquals(20, new SegmentSpec("region", null, null, null).topOrDefault());
        assertEquals("tenant=acme", m.segments().get(1).label("acme"));
        assertEquals(List.of(), parse("{}").segments());
    }

    /** The README's manifest example (the yaml block after "Unknown keys are refused") is one this reader takes. */
    @Test
    void readmeManifestExample_parses() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int at = readme.indexOf("```yaml\nengine: onnxruntime");
        assertTrue(at >= 0, "the README's model.yaml example moved");
        String yaml = readme.substring(at + "```yaml\n".length(), readme.indexOf("```", at + 7));
        ModelManifest m = parse(yaml);
        assertEquals(List.of(new SegmentSpec(null, "tenant", List.of("acme", "globex"), null)), m.segments());
        assertEquals(new BatchingSettings(64, 500L, 1, true), m.batching());
    }

    @Test
    void segments_mistakesAreNamedWithTheirPath() {
        assertContains(refused("segments:\n  - parameter: tenant\n"), "segments[0]", "needs 'values'",
                "values: [acme, globex]");
        assertContains(refused("segments:\n  - feature: region\n    parameter: tenant\n"), "segments[0]",
                "exactly one of 'feature' or 'parameter'");
        assertContains(refused("segments:\n  - feature: region\n  - feature: a\n    colour: red\n"),
                "unknown key 'segments[1].colour'");
        assertContains(refused("segments:\n  - feature: region\n    top: 51\n"), "segments[0]", "top must be between 1 and 50");
        assertContains(refused("segments:\n  - feature: region\n  - feature: region\n"), "segments:",
                "'region' is declared twice");
        assertContains(refused("segments:\n  - parameter: tenant\n    values: [a, other]\n"), "segments[0]",
                "not 'other'");
        assertContains(refused("segments:\n" + "  - feature: a\n".repeat(1) + "  - feature: b\n  - feature: c\n"
                + "  - feature: d\n  - feature: e\n"), "at most 4 segments");
    }

    @Test
    void segments_changeHowAVersionLoads_soItsProfileIsRepublished() throws Exception {
        assertFalse(parse("segments:\n  - feature: region\n").loadsLike(parse("{}")));
        assertTrue(parse("segments:\n  - feature: region\n").loadsLike(parse("segments:\n  - feature: region\n")));
    }

    @Test
    void unknownTopLevelKey_isRefusedAndNamed() {
        String msg = refused("max_batch_size: 8\n");
        assertContains(msg, "m/model.yaml: unknown key 'max_batch_size'", "allowed:", "batching", "version-policy");
    }

    @Test
    void unknownTensorKey_isRefusedWithItsPath() {
        assertContains(refused("inputs:\n  - name: x\n    datatype: FP32\n    shape: [-1]\n    dims: [1]\n"),
                "unknown key 'inputs[0].dims'");
    }

    // ---- tensors ----

    @Test
    void tensors_badDatatype_namesTheField() {
        assertContains(refused("inputs:\n  - name: x\n    datatype: FLOAT\n    shape: [-1, 4]\n"),
                "m/model.yaml: inputs[0].datatype 'FLOAT' is not a V2 datatype");
    }

    @Test
    void tensors_badDatatypeOfSecondOutput_namesTheField() {
        assertContains(refused("outputs:\n  - name: a\n    datatype: FP32\n    shape: [1]\n"
                + "  - name: b\n    datatype: float64\n    shape: [1]\n"), "outputs[1].datatype 'float64'");
    }

    @Test
    void tensors_lowercaseDatatypeIsAccepted() throws Exception {
        assertEquals(DataType.FP32,
                parse("inputs:\n  - name: x\n    datatype: fp32\n    shape: [-1]\n").inputs().get(0).datatype());
    }

    @Test
    void tensors_missingName_refused() {
        assertContains(refused("inputs:\n  - datatype: FP32\n    shape: [-1]\n"), "inputs[0].name must be a string");
    }

    @Test
    void tensors_missingShape_refused() {
        assertContains(refused("inputs:\n  - name: x\n    datatype: FP32\n"), "inputs[0].shape must be a list");
    }

    @Test
    void tensors_shapeBelowMinusOne_refused() {
        assertContains(refused("inputs:\n  - name: x\n    datatype: FP32\n    shape: [-1, -2]\n"),
                "inputs[0].shape[1] must be an integer >= -1");
    }

    @Test
    void tensors_shapeNotNumbers_refused() {
        assertContains(refused("inputs:\n  - name: x\n    datatype: FP32\n    shape: [-1, four]\n"),
                "inputs[0].shape[1] must be an integer >= -1");
    }

    @Test
    void tensors_notAList_refused() {
        assertContains(refused("inputs: x\n"), "inputs must be a list");
    }

    @Test
    void tensors_entryNotAMapping_refused() {
        assertContains(refused("outputs:\n  - y\n"), "outputs[0] must be a mapping");
    }

    @Test
    void tensors_scalarShapeAndOrder() throws Exception {
        ModelManifest m = parse("inputs:\n  - name: b\n    datatype: INT64\n    shape: []\n"
                + "  - name: a\n    datatype: BYTES\n    shape: [2, 3]\n");
        assertEquals(List.of("b", "a"), m.inputs().stream().map(TensorSpec::name).toList());
        assertEquals(0, m.inputs().get(0).rank());
        assertEquals(DataType.BYTES, m.inputs().get(1).datatype());
        assertArrayEquals(new long[] {2, 3}, m.inputs().get(1).shape());
    }

    // ---- YAML problems ----

    @Test
    void invalidYaml_isRefusedNamingTheSource() {
        String msg = refused("inputs: [\n  - name: x\n");
        assertTrue(msg.startsWith("m/model.yaml is not valid YAML: "), msg);
        assertFalse(msg.contains("\n"), "first line of the parser's message only: " + msg);
    }

    @Test
    void duplicateKeys_areRefused() {
        String msg = refused("device: cpu\ndevice: gpu\n");
        assertTrue(msg.startsWith("m/model.yaml is not valid YAML: "), msg);
    }

    @Test
    void duplicateNestedKeys_areRefused() {
        assertTrue(refused("batching:\n  instances: 1\n  instances: 2\n").contains("is not valid YAML"));
    }

    @Test
    void rootNotAMapping_refused() {
        assertContains(refused("- a\n- b\n"), "m/model.yaml: the manifest must be a mapping");
        assertContains(refused("just text\n"), "the manifest must be a mapping");
    }

    @Test
    void yamlTagsForJavaObjects_areRefused() {
        // SafeConstructor: no arbitrary classes from a manifest.
        String msg = refused("engine: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n");
        assertTrue(msg.contains("is not valid YAML"), msg);
    }

    @Test
    void aliasBomb_isRefused() {
        StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'p'; c++) {
            char prev = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [*").append(prev).append(", *").append(prev)
                    .append(", *").append(prev).append("]\n");
        }
        assertTrue(refused(y.toString()).contains("is not valid YAML"));
    }

    // ---- device, fallback, engine ----

    @Test
    void device_gpuWithIndex() throws Exception {
        assertEquals(new Device(true, 1), parse("device: gpu:1\n").device());
        assertEquals("gpu:1", parse("device: gpu:1\n").device().toString());
    }

    @Test
    void device_gpuAndCudaAliases() throws Exception {
        assertEquals(new Device(true, 0), parse("device: gpu\n").device());
        assertEquals(new Device(true, 0), parse("device: CUDA\n").device());
        assertEquals(new Device(true, 2), parse("device: cuda:2\n").device());
        assertEquals(Device.CPU, parse("device: CPU\n").device());
    }

    @Test
    void device_bad_isRefused() {
        assertContains(refused("device: tpu\n"), "m/model.yaml: device 'tpu' is not cpu, gpu or gpu:N");
        assertContains(refused("device: gpu:-1\n"), "device 'gpu:-1' is not cpu, gpu or gpu:N");
        assertContains(refused("device: 'gpu:'\n"), "device 'gpu:' is not");
        assertContains(refused("device: gpu:x\n"), "device 'gpu:x' is not");
    }

    @Test
    void device_parse_blankIsCpu() {
        assertEquals(Device.CPU, Device.parse(null));
        assertEquals(Device.CPU, Device.parse("  "));
        assertEquals("cpu", Device.CPU.toString());
    }

    @Test
    void fallback_cpu() throws Exception {
        ModelManifest m = parse("device: gpu\nfallback: cpu\n");
        assertTrue(m.fallbackToCpu());
        assertTrue(m.device().gpu());
    }

    @Test
    void fallback_none() throws Exception {
        assertFalse(parse("fallback: none\n").fallbackToCpu());
    }

    @Test
    void fallback_other_isRefused() {
        assertContains(refused("fallback: gpu\n"), "fallback must be 'cpu' or 'none', got 'gpu'");
    }

    @Test
    void engineAndOptions() throws Exception {
        ModelManifest m = parse("engine: djl\ndjl-engine: PyTorch\nengine-options:\n  threads: 4\n  mode: fast\n"
                + "platform: onnxruntime_onnx\ndescription: a model\n");
        assertEquals("djl", m.engine());
        assertEquals(Map.of("djl-engine", "PyTorch", "threads", "4", "mode", "fast"), m.engineOptions());
    }

    @Test
    void engineOptions_notAMapping_refused() {
        assertContains(refused("engine-options: [a]\n"), "engine-options must be a mapping");
    }
}
