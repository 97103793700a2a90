package io.plumbline.serving.onboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.events.profile.ReferenceProfileCodec;
import io.plumbline.model.Checksums;
import io.plumbline.model.ManifestReader;
import io.plumbline.model.ModelManifest;
import io.plumbline.model.TensorSpec;
import io.plumbline.monitor.quality.CbpeEstimator;
import io.plumbline.monitor.quality.EstimatedPerformance;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models add} in process: the demo model recreated from the demo data, compared with the shipped
 * entry (made by another path: WeatherReferenceData, then {@code plumbline-monitor.jar profile}); a
 * second, two-input model checked against arithmetic; and the refusals.
 */
class ModelsAddTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Outputs: the shipped profile holds them printed with %.9g, this one as exact doubles. */
    private static final double OUTPUT_TOLERANCE = 1e-8;

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ModelsCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The 2012-2013 rows of the demo data, as the README's {@code grep -E '^201[23]'} selects them. */
    private Path weatherReference() throws Exception {
        List<String> lines = Files.readAllLines(ROOT.resolve("data/seattle-weather.csv"));
        List<String> rows = Stream.concat(Stream.of(lines.get(0)),
                lines.stream().skip(1).filter(l -> l.startsWith("2012") || l.startsWith("2013"))).toList();
        return Files.write(tmp.resolve("reference.csv"), rows);
    }

    @Test
    void labelColumn_recordsTheLabelAndFitsTheCalibrationMap() throws Exception {
        Path repo = tmp.resolve("repo");
        Run r = run("add", "weather", "--model", ROOT.resolve("models/weather/1/model.onnx").toString(),
                "--data", weatherReference().toString(), "--features", "precipitation,temp_max,temp_min,wind",
                "--labels", "drizzle,fog,rain,snow,sun", "--label-column", "weather", "--repo", repo.toString());
        assertEquals(0, r.code(), r.err());
        ReferenceProfile p = new ReferenceProfileCodec().read(repo.resolve("weather/1/reference-profile.json"));
        assertEquals("weather", p.label().column());
        assertEquals(List.of("drizzle", "fog", "rain", "snow", "sun"), p.label().classes());
        assertFalse(p.feature("weather").isPresent(), "the label is not profiled as a feature");
        assertEquals(731, p.calibration().rows());
        // The map's in-sample estimate: monitor/QUALITY.md's reference row (0.777, computed by
        // WeatherCbpeValidationTest from the same days through the monitor's profile command path).
        CbpeEstimator cbpe = new CbpeEstimator(p.calibration());
        EstimatedPerformance w = cbpe.newWindow();
        List<String> lines = Files.readAllLines(weatherReference());
        assertEquals(732, lines.size());
        // The profile keeps no rows: score the reference days again, straight through ONNX Runtime.
        float[][] rows = lines.stream().skip(1).map(l -> l.split(",")).map(c -> new float[] {
            Float.parseFloat(c[1]), Float.parseFloat(c[2]), Float.parseFloat(c[3]), Float.parseFloat(c[4])})
                .toArray(float[][]::new);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(ROOT.resolve("models/weather/1/model.onnx").toString());
                OnnxTensor x = OnnxTensor.createTensor(env, rows);
                OrtSession.Result out = session.run(Map.of("features", x))) {
            for (float[] probs : (float[][]) out.get(0).getValue()) {
                double[] d = new double[probs.length];
                for (int k = 0; k < d.length; k++) {
                    d[k] = probs[k];
                }
                cbpe.add(w, d);
            }
        }
        assertEquals(0.777, w.accuracy(), 0.001);
    }

    @Test
    void labelColumn_unknownColumnOrLabel_isRefused() throws Exception {
        Run missing = run("add", "weather", "--model", ROOT.resolve("models/weather/1/model.onnx").toString(),
                "--data", weatherReference().toString(), "--features", "precipitation,temp_max,temp_min,wind",
                "--labels", "drizzle,fog,rain,snow,sun", "--label-column", "truth", "--repo", tmp.resolve("r").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--label-column truth"), missing.err());
        Path data = weatherReference();
        Files.writeString(data, Files.readString(data).replaceFirst(",drizzle\n", ",hail\n"));
        Run unknown = run("add", "weather", "--model", ROOT.resolve("models/weather/1/model.onnx").toString(),
                "--data", data.toString(), "--features", "precipitation,temp_max,temp_min,wind",
                "--labels", "drizzle,fog,rain,snow,sun", "--label-column", "weather", "--repo", tmp.resolve("r").toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("'hail'"), unknown.err());
    }

    @Test
    void recreatesTheDemoEntry_sameSignatureAndProfileStatistics() throws Exception {
        Path repo = tmp.resolve("repo");
        Run r = run("add", "weather", "--model", ROOT.resolve("models/weather/1/model.onnx").toString(),
                "--data", weatherReference().toString(), "--features", "precipitation,temp_max,temp_min,wind",
                "--labels", "drizzle,fog,rain,snow,sun", "--repo", repo.toString());
        assertEquals(0, r.code(), r.err());

        ModelManifest shipped = ManifestReader.read(ROOT.resolve("models/weather/model.yaml"), "shipped");
        ModelManifest made = ManifestReader.read(repo.resolve("weather/model.yaml"), "made");
        assertEquals(shipped.inputs(), made.inputs());
        assertEquals(shipped.outputs(), made.outputs());

        Path version = repo.resolve("weather/1");
        assertEquals(Set.of("model.onnx", "reference-profile.json"),
                Checksums.verify(version, "made", Files.readAllBytes(version.resolve("SHA256SUMS"))));
        ReferenceProfile expected = new ReferenceProfileCodec().read(ROOT.resolve("models/weather/1/reference-profile.json"));
        ReferenceProfile actual = new ReferenceProfileCodec().read(version.resolve("reference-profile.json"));
        assertEquals(731, expected.rows());
        assertEquals(expected.rows(), actual.rows());
        assertEquals(expected.features().size(), actual.features().size());
        for (int i = 0; i < expected.features().size(); i++) {
            FeatureProfile e = expected.features().get(i);
            FeatureProfile a = actual.features().get(i);
            // Inputs are the data's own text on both paths, so they match exactly.
            double tol = e.role() == FeatureRole.OUTPUT ? OUTPUT_TOLERANCE : 0;
            assertEquals(e.name(), a.name());
            assertEquals(e.role(), a.role(), e.name());
            assertEquals(e.count(), a.count(), e.name());
            assertEquals(e.missing(), a.missing(), e.name());
            assertEquals(e.numeric().mean(), a.numeric().mean(), tol, e.name());
            assertEquals(e.numeric().std(), a.numeric().std(), tol, e.name());
            assertArrayEquals(e.numeric().edges(), a.numeric().edges(), tol, e.name());
            assertArrayEquals(e.numeric().counts(), a.numeric().counts(), e.name());
        }
        assertTrue(r.out().contains("wrote " + version.resolve("reference-profile.json") + " (731 rows; 4 inputs, 5 outputs)"),
                r.out());
        assertTrue(r.out().contains("PLUMBLINE_REGISTRY_URI=file:" + repo + " java -jar "), r.out());
    }

    @Test
    void twoInputModel_columnsGoToTheirTensors_andOutputsAreTheModelsOwn() throws Exception {
        Path repo = tmp.resolve("repo");
        Run r = run("add", "churn", "--model", ChurnModel.write(tmp.resolve("churn.onnx")).toString(),
                "--data", ChurnModel.data(tmp.resolve("churn.csv")).toString(),
                "--features", "usage=minutes,calls", "--features", "tenure=tenure", "--labels", "stay,churn",
                "--repo", repo.toString());
        assertEquals(0, r.code(), r.err());

        ModelManifest m = ManifestReader.read(repo.resolve("churn/model.yaml"), "made");
        assertEquals(List.of("usage", "tenure"), m.inputs().stream().map(TensorSpec::name).toList());
        assertEquals(List.of("minutes", "calls"), m.inputs().get(0).features());
        assertEquals(List.of("tenure"), m.inputs().get(1).features());
        assertEquals(List.of("stay", "churn"), m.outputs().get(0).labels());

        ReferenceProfile p = new ReferenceProfileCodec().read(repo.resolve("churn/1/reference-profile.json"));
        assertEquals(List.of("minutes", "calls", "tenure", "stay", "churn"),
                p.features().stream().map(FeatureProfile::name).toList());
        double minutes = 0;
        double calls = 0;
        double tenure = 0;
        double churn = 0;
        for (int i = 0; i < ChurnModel.ROWS; i++) {
            minutes += ChurnModel.minutes(i);
            calls += ChurnModel.calls(i);
            tenure += ChurnModel.tenure(i);
            churn += ChurnModel.churn(i);
        }
        int n = ChurnModel.ROWS;
        assertEquals(n, p.rows());
        assertEquals(minutes / n, p.features().get(0).numeric().mean(), 1e-9);
        assertEquals(calls / n, p.features().get(1).numeric().mean(), 1e-9);
        assertEquals(tenure / n, p.features().get(2).numeric().mean(), 1e-9);
        // The model computes in float: 1e-5 covers its rounding, and a swapped column moves the mean by >0.05.
        assertEquals(1 - churn / n, p.features().get(3).numeric().mean(), 1e-5);
        assertEquals(churn / n, p.features().get(4).numeric().mean(), 1e-5);
        assertEquals(FeatureRole.OUTPUT, p.features().get(4).role());
    }

    @Test
    void aNextVersion_keepsTheManifest_andAnotherSignatureIsRefused() throws Exception {
        Path repo = tmp.resolve("repo");
        String model = ChurnModel.write(tmp.resolve("churn.onnx")).toString();
        String data = ChurnModel.data(tmp.resolve("churn.csv")).toString();
        String[] args = {"add", "churn", "--model", model, "--data", data, "--features", "usage=minutes,calls",
            "--features", "tenure=tenure", "--repo", repo.toString()};
        assertEquals(0, run(args).code());
        String manifest = Files.readString(repo.resolve("churn/model.yaml"));
        Run second = run(args);
        assertEquals(0, second.code(), second.err());
        assertTrue(Files.isRegularFile(repo.resolve("churn/2/reference-profile.json")));
        assertEquals(manifest, Files.readString(repo.resolve("churn/model.yaml")));

        Run other = run("add", "churn", "--model", model, "--data", data, "--features", "usage=calls,minutes",
                "--features", "tenure=tenure", "--repo", repo.toString());
        assertEquals(2, other.code());
        assertTrue(other.err().contains("describes other tensors or columns"), other.err());
        assertFalse(Files.exists(repo.resolve("churn/3")));
        try (Stream<Path> left = Files.list(repo)) {
            assertEquals(List.of(repo.resolve("churn")), left.toList(), "no staging directory is left behind");
        }
    }

    @Test
    void largeData_progressLinesOnStderr_everyHundredThousandRows() throws Exception {
        StringBuilder csv = new StringBuilder("minutes,calls,tenure\n");
        for (int i = 0; i < 250_000; i++) {
            csv.append(i % 300).append(',').append(i % 7).append(',').append(1 + i % 60).append('\n');
        }
        Path data = Files.writeString(tmp.resolve("big.csv"), csv);
        Run r = run("add", "churn", "--model", ChurnModel.write(tmp.resolve("churn.onnx")).toString(),
                "--data", data.toString(), "--features", "usage=minutes,calls", "--features", "tenure=tenure",
                "--repo", tmp.resolve("repo").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("models add: ran the model on 100,352 rows of big.csv\n"
                + "models add: ran the model on 200,704 rows of big.csv\n", r.err(),
                "a line each time a 1024-row chunk crosses a multiple of 100,000 rows");
        assertTrue(r.out().contains("ran the model on 250,000 rows of " + data), r.out());
    }

    @Test
    void refusals_oneLine_exitCode2_namingWhatIsWrong() throws Exception {
        String model = ChurnModel.write(tmp.resolve("churn.onnx")).toString();
        String data = ChurnModel.data(tmp.resolve("churn.csv")).toString();
        String repo = tmp.resolve("repo").toString();
        assertRefused("column 'charges' (for input tensor 'usage') is not in " + data
                + "; its columns are [customer, tenure, calls, minutes]",
                "add", "churn", "--model", model, "--data", data, "--features", "usage=minutes,charges",
                "--features", "tenure=tenure", "--repo", repo);
        assertRefused("input tensor 'usage' (FP32 [-1, 2]) takes 2 column(s) but --features gives 3: "
                + "[minutes, calls, tenure]",
                "add", "churn", "--model", model, "--data", data, "--features", "usage=minutes,calls,tenure",
                "--features", "tenure=tenure", "--repo", repo);
        assertRefused("the model has 2 inputs [usage:FP32[-1, 2], tenure:INT64[-1, 1]]: give --features TENSOR=COLS "
                + "for each", "add", "churn", "--model", model, "--data", data, "--features", "minutes,calls",
                "--repo", repo);
        assertRefused("input tensor 'tenure' (INT64 [-1, 1]) has no columns: add --features tenure=COL",
                "add", "churn", "--model", model, "--data", data, "--features", "usage=minutes,calls", "--repo", repo);
        assertRefused("--model " + tmp.resolve("nope.onnx") + ": no such file",
                "add", "churn", "--model", tmp.resolve("nope.onnx").toString(), "--data", data, "--features", "a",
                "--repo", repo);
        assertRefused("--data " + tmp.resolve("nope.csv") + ": no such file",
                "add", "churn", "--model", model, "--data", tmp.resolve("nope.csv").toString(), "--features", "a",
                "--repo", repo);
        assertRefused("data row 3, column 'tenure': 'many' is not an integer (input tensor 'tenure' is INT64)",
                "add", "churn", "--model", model, "--data", Files.writeString(tmp.resolve("bad.csv"),
                        "minutes,tenure,x\n1,2,0\n3,4,0\n5,many,0\n").toString(),
                "--features", "usage=minutes,x", "--features", "tenure=tenure", "--repo", repo);
        // The monitor matches a one-column tensor to the feature of its name (ProfileColumns).
        assertRefused("the monitor cannot tell which tensor the columns of ['usage' [minutes, calls], 'tenure' "
                + "[customer]] belong to: a model with several inputs may have one multi-column input tensor; each "
                + "other input must take one column named like the tensor (rename the data column, e.g. --features "
                + "tenure=tenure)", "add", "churn", "--model", model, "--data", data, "--features",
                "usage=minutes,calls", "--features", "tenure=customer", "--repo", repo);
        assertFalse(Files.exists(tmp.resolve("repo/churn")), "nothing was published");
    }

    private static void assertRefused(String message, String... args) {
        Run r = run(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals("models add: " + message + "\n", r.err());
    }
}
