package io.plumbline.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.plumbline.demo.WeatherModelTrainer.Day;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks the committed demo model ({@code models/weather}) as serving will run it: straight through
 * ONNX Runtime, on the 2014-2015 days it never saw. Paths are relative to the model-loader module,
 * which is where Maven runs its tests.
 */
class WeatherModelTest {

    private static final Path REPO = Path.of("..");
    private static final Path MODEL_DIR = REPO.resolve("models/weather");
    private static final Path MODEL = MODEL_DIR.resolve("1/model.onnx");

    private static OrtEnvironment env;
    private static OrtSession session;
    private static List<Day> heldOut;

    @BeforeAll
    static void load() throws Exception {
        env = OrtEnvironment.getEnvironment();
        session = env.createSession(MODEL.toString());
        heldOut = WeatherModelTrainer.readCsv(REPO.resolve("data/seattle-weather.csv")).stream()
                .filter(d -> d.date().getYear() >= 2014)
                .toList();
    }

    @AfterAll
    static void close() throws Exception {
        session.close();
    }

    @Test
    void interfaceIsTheDocumentedOne() throws Exception {
        assertEquals(List.of("features"), List.copyOf(session.getInputNames()));
        assertEquals(List.of("probabilities"), List.copyOf(session.getOutputNames()));
        TensorInfo in = (TensorInfo) session.getInputInfo().get("features").getInfo();
        TensorInfo out = (TensorInfo) session.getOutputInfo().get("probabilities").getInfo();
        assertEquals(TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, in.onnxType);
        assertEquals(TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, out.onnxType);
        assertArrayEquals(new long[] {-1, 4}, in.getShape());
        assertArrayEquals(new long[] {-1, 5}, out.getShape());
        assertEquals("batch", in.getDimensionNames()[0]);
        assertTrue(Files.size(MODEL) < 16 * 1024, "demo model should be a few KB");
    }

    @Test
    void manifestAndModelAgreeOnColumnOrder() throws Exception {
        Map<String, Object> manifest;
        try (Reader r = Files.newBufferedReader(MODEL_DIR.resolve("model.yaml"))) {
            manifest = new Yaml().load(r);
        }
        Map<?, ?> input = (Map<?, ?>) ((List<?>) manifest.get("inputs")).get(0);
        Map<?, ?> output = (Map<?, ?>) ((List<?>) manifest.get("outputs")).get(0);
        assertEquals(WeatherModelTrainer.FEATURES, input.get("features"));
        assertEquals(WeatherModelTrainer.LABELS, output.get("labels"));
        Map<String, String> props = session.getMetadata().getCustomMetadata();
        assertEquals(String.join(",", WeatherModelTrainer.FEATURES), props.get("features"));
        assertEquals(String.join(",", WeatherModelTrainer.LABELS), props.get("labels"));
    }

    @Test
    void beatsTheMajorityClassOnHeldOutDays() throws Exception {
        int n = heldOut.size();
        float[][] rows = heldOut.stream().map(Day::features).toArray(float[][]::new);
        float[][] probs;
        try (OnnxTensor x = OnnxTensor.createTensor(env, rows);
                OrtSession.Result result = session.run(Map.of("features", x))) {
            OnnxTensor y = (OnnxTensor) result.get("probabilities").orElseThrow();
            assertArrayEquals(new long[] {n, 5}, y.getInfo().getShape());
            probs = (float[][]) y.getValue();
        }

        int correct = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int best = 0;
            for (int k = 0; k < 5; k++) {
                assertTrue(probs[i][k] >= 0 && probs[i][k] <= 1, "probability out of range");
                sum += probs[i][k];
                if (probs[i][k] > probs[i][best]) {
                    best = k;
                }
            }
            assertEquals(1.0, sum, 1e-5, "row " + i + " sums to " + sum);
            if (WeatherModelTrainer.LABELS.get(best).equals(heldOut.get(i).weather())) {
                correct++;
            }
        }
        long majority = heldOut.stream()
                .collect(Collectors.groupingBy(Day::weather, Collectors.counting()))
                .values().stream().mapToLong(Long::longValue).max().orElseThrow();
        double accuracy = (double) correct / n;
        double baseline = (double) majority / n;
        assertTrue(accuracy > baseline,
                "held-out accuracy " + accuracy + " does not beat majority baseline " + baseline);
    }

    @Test
    void predictsTheObviousDays() throws Exception {
        // A cold, wet day is snow or rain; a warm, dry, calm one is sun. Guards against a label or
        // feature order that is permuted yet still scores well by luck.
        float[][] rows = {{20f, 0f, -4f, 3f}, {25f, 12f, 8f, 5f}, {0f, 30f, 16f, 2f}};
        try (OnnxTensor x = OnnxTensor.createTensor(env, rows);
                OrtSession.Result result = session.run(Map.of("features", x))) {
            float[][] probs = (float[][]) result.get("probabilities").orElseThrow().getValue();
            Function<float[], String> top = p -> {
                int best = 0;
                for (int k = 1; k < p.length; k++) {
                    best = p[k] > p[best] ? k : best;
                }
                return WeatherModelTrainer.LABELS.get(best);
            };
            assertTrue(List.of("snow", "rain").contains(top.apply(probs[0])), top.apply(probs[0]));
            assertEquals("rain", top.apply(probs[1]));
            assertEquals("sun", top.apply(probs[2]));
        }
    }

    @Test
    void checksumFileMatchesTheModelAndItsProfile() throws Exception {
        List<String> lines = Files.readAllLines(MODEL_DIR.resolve("1/SHA256SUMS"), StandardCharsets.UTF_8);
        // sha256sum's text-mode format: hex digest, two spaces, file name; one line per shipped file.
        assertEquals(List.of(digest(MODEL) + "  model.onnx",
                digest(MODEL_DIR.resolve("1/reference-profile.json")) + "  reference-profile.json"), lines);
    }

    private static String digest(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
