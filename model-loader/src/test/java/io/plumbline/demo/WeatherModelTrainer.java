package io.plumbline.demo;

import static io.plumbline.model.testing.OnnxGraphs.floats;
import static io.plumbline.model.testing.OnnxGraphs.intAttribute;
import static io.plumbline.model.testing.OnnxGraphs.node;
import static io.plumbline.model.testing.OnnxGraphs.tensor;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.plumbline.model.testing.OnnxGraphs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains the demo model {@code weather}: multinomial logistic regression predicting Seattle's
 * weather (drizzle, fog, rain, snow, sun) from the day's precipitation, temp_max, temp_min and wind,
 * trained on 2012-2013 only so that 2014-2015 is a genuinely held-out (and drifted) stream.
 *
 * <p>Re-run from the repository root (writes {@code models/weather/1/model.onnx} and
 * {@code models/weather/1/SHA256SUMS}; {@code model.yaml} beside them is written by hand):
 *
 * <pre>
 * mvn -B -q -pl events,model-loader -am install -DskipTests
 * mvn -B -q -pl model-loader test-compile exec:java -Dexec.mainClass=io.plumbline.demo.WeatherModelTrainer -Dexec.classpathScope=test
 * </pre>
 *
 * <p>Arguments (optional): the CSV path and the model repository directory, default
 * {@code data/seattle-weather.csv} and {@code models} (relative to the working directory, which
 * for the command above is the repository root). Add
 * {@code -Dexec.args="data/seattle-weather.csv /tmp/models"} to write elsewhere.
 *
 * <p>Tribuo trains on standardised features; the exported graph does the standardisation itself
 * (Sub, Div), then Gemm and Softmax, so clients send raw measurements. The graph is written by hand
 * rather than by Tribuo's ONNX export to fix the interface serving documents: input
 * {@code features} [batch, 4] in our column order, output {@code probabilities} [batch, 5] in
 * alphabetical label order. Tribuo's own feature and label ids are mapped by name, never assumed.
 * Fixed seed, single-threaded SGD and timestamp-free protobuf make reruns byte-identical.
 */
public final class WeatherModelTrainer {

    /** Column order of the {@code features} input: the CSV's order, not Tribuo's. */
    static final List<String> FEATURES = List.of("precipitation", "temp_max", "temp_min", "wind");

    /** Column order of the {@code probabilities} output. */
    static final List<String> LABELS = List.of("drizzle", "fog", "rain", "snow", "sun");

    static final String MODEL_NAME = "weather";
    static final String VERSION = "1";
    static final int LAST_TRAINING_YEAR = 2013;

    private static final long SEED = 20120101L;
    private static final int EPOCHS = 10;

    private WeatherModelTrainer() {
    }

    /** One day of the CSV. */
    public record Day(LocalDate date, float[] features, String weather) {
        boolean isTraining() {
            return date.getYear() <= LAST_TRAINING_YEAR;
        }
    }

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args.length > 0 ? args[0] : "data/seattle-weather.csv");
        Path repository = Path.of(args.length > 1 ? args[1] : "models");
        List<Day> days = readCsv(csv);
        List<Day> train = days.stream().filter(Day::isTraining).toList();
        List<Day> heldOut = days.stream().filter(d -> !d.isTraining()).toList();

        float[] mean = new float[FEATURES.size()];
        float[] std = new float[FEATURES.size()];
        standardisation(train, mean, std);

        LinearSGDModel model = train(train, mean, std);
        ModelProto onnx = export(model, mean, std);

        Path versionDir = repository.resolve(MODEL_NAME).resolve(VERSION);
        Path file = OnnxGraphs.write(onnx, versionDir);
        Files.writeString(versionDir.resolve("SHA256SUMS"),
                sha256(file) + "  " + file.getFileName() + "\n", StandardCharsets.UTF_8);

        // Score with the exported file in ONNX Runtime (what serving runs), and cross-check it
        // against Tribuo's own predictions so a wrong column or label order cannot slip through.
        OrtEnvironment env = OrtEnvironment.getEnvironment(); // process-wide singleton: never closed
        try (OrtSession session = env.createSession(file.toString())) {
            float[][] trainProbs = predict(env, session, train);
            float[][] heldOutProbs = predict(env, session, heldOut);
            double diff = Math.max(maxDifference(model, train, trainProbs, mean, std),
                    maxDifference(model, heldOut, heldOutProbs, mean, std));
            if (diff > 1e-4) {
                throw new IllegalStateException("ONNX graph disagrees with Tribuo by " + diff);
            }
            System.out.printf(Locale.ROOT, "wrote %s (%d bytes, sha256 %s)%n", file, Files.size(file),
                    sha256(file));
            System.out.printf(Locale.ROOT, "ONNX vs Tribuo max |p difference|: %.2e%n", diff);
            System.out.printf(Locale.ROOT, "train    2012-2013: accuracy %.4f (n=%d)%n",
                    accuracy(trainProbs, train), train.size());
            System.out.printf(Locale.ROOT,
                    "held out 2014-2015: accuracy %.4f (n=%d; majority class baseline %.4f)%n",
                    accuracy(heldOutProbs, heldOut), heldOut.size(), majorityBaseline(heldOut));
        }
    }

    public static List<Day> readCsv(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String expectedHeader = "date," + String.join(",", FEATURES) + ",weather";
        if (lines.isEmpty() || !lines.get(0).strip().equals(expectedHeader)) {
            throw new IllegalArgumentException(csv + ": expected header " + expectedHeader);
        }
        List<Day> days = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.strip().split(",");
            float[] features = new float[FEATURES.size()];
            for (int i = 0; i < features.length; i++) {
                features[i] = Float.parseFloat(cells[i + 1]);
            }
            days.add(new Day(LocalDate.parse(cells[0]), features, cells[FEATURES.size() + 1]));
        }
        return days;
    }

    /** Per-feature mean and population standard deviation over the training days. */
    private static void standardisation(List<Day> train, float[] mean, float[] std) {
        for (int j = 0; j < mean.length; j++) {
            double sum = 0;
            for (Day d : train) {
                sum += d.features()[j];
            }
            double m = sum / train.size();
            double squares = 0;
            for (Day d : train) {
                squares += (d.features()[j] - m) * (d.features()[j] - m);
            }
            mean[j] = (float) m;
            std[j] = (float) Math.sqrt(squares / train.size());
        }
    }

    /** Standardised as the graph does it: float constants, so Tribuo sees what ONNX computes. */
    private static double[] scaled(Day day, float[] mean, float[] std) {
        double[] x = new double[mean.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = (day.features()[j] - mean[j]) / std[j];
        }
        return x;
    }

    private static ArrayExample<Label> example(Day day, float[] mean, float[] std) {
        return new ArrayExample<>(new Label(day.weather()), FEATURES.toArray(String[]::new),
                scaled(day, mean, std));
    }

    private static LinearSGDModel train(List<Day> train, float[] mean, float[] std) {
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("seattle-weather 2012-2013", labels), labels);
        for (Day day : train) {
            dataset.add(example(day, mean, std));
        }
        // Tribuo's LogisticRegressionTrainer settings (AdaGrad 1.0, minibatch 1), more epochs, our seed.
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(1.0, 0.1),
                EPOCHS, Integer.MAX_VALUE, 1, SEED);
        return trainer.train(dataset);
    }

    /** features -> Sub(mean) -> Div(std) -> Gemm(W^T, b) -> Softmax -> probabilities. */
    private static ModelProto export(LinearSGDModel model, float[] mean, float[] std) {
        ImmutableFeatureMap featureIds = model.getFeatureIDMap();
        ImmutableOutputInfo<Label> labelIds = model.getOutputIDInfo();
        if (labelIds.size() != LABELS.size() || featureIds.size() != FEATURES.size()) {
            throw new IllegalStateException("training data lacks a label or feature: "
                    + labelIds.getDomain() + " " + featureIds.keySet());
        }
        // Tribuo's weights: one row per label id, one column per feature id, then the bias column.
        DenseMatrix weights = model.getWeightsCopy();
        int biasColumn = featureIds.size();
        if (weights.getDimension1Size() != LABELS.size() || weights.getDimension2Size() != biasColumn + 1) {
            throw new IllegalStateException("unexpected weight shape " + weights.getDimension1Size()
                    + "x" + weights.getDimension2Size());
        }
        float[] w = new float[LABELS.size() * FEATURES.size()];
        float[] b = new float[LABELS.size()];
        for (int k = 0; k < LABELS.size(); k++) {
            int row = labelIds.getID(new Label(LABELS.get(k)));
            for (int j = 0; j < FEATURES.size(); j++) {
                w[k * FEATURES.size() + j] = (float) weights.get(row, featureIds.getID(FEATURES.get(j)));
            }
            b[k] = (float) weights.get(row, biasColumn);
        }
        int f = FEATURES.size();
        int c = LABELS.size();
        GraphProto graph = GraphProto.newBuilder()
                .setName("seattle_weather")
                .addInput(tensor("features", TensorProto.DataType.FLOAT, "batch", f))
                .addOutput(tensor("probabilities", TensorProto.DataType.FLOAT, "batch", c))
                .addInitializer(floats("mean", new long[] {f}, mean))
                .addInitializer(floats("std", new long[] {f}, std))
                .addInitializer(floats("weights", new long[] {c, f}, w))
                .addInitializer(floats("bias", new long[] {c}, b))
                .addNode(node("Sub", List.of("features", "mean"), "centred"))
                .addNode(node("Div", List.of("centred", "std"), "scaled"))
                .addNode(node("Gemm", List.of("scaled", "weights", "bias"), "logits",
                        intAttribute("transB", 1)))
                .addNode(node("Softmax", List.of("logits"), "probabilities", intAttribute("axis", 1)))
                .build();
        return OnnxGraphs.model(graph, "plumbline WeatherModelTrainer").toBuilder()
                .setDocString("Seattle weather (drizzle, fog, rain, snow, sun) from the day's"
                        + " measurements; trained on 2012-2013 of data/seattle-weather.csv.")
                .addMetadataProps(entry("features", String.join(",", FEATURES)))
                .addMetadataProps(entry("labels", String.join(",", LABELS)))
                .build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    static float[][] predict(OrtEnvironment env, OrtSession session, List<Day> days) throws OrtException {
        float[][] rows = days.stream().map(Day::features).toArray(float[][]::new);
        try (OnnxTensor x = OnnxTensor.createTensor(env, rows);
                OrtSession.Result result = session.run(Map.of("features", x))) {
            return (float[][]) result.get("probabilities").orElseThrow().getValue();
        }
    }

    private static double maxDifference(LinearSGDModel model, List<Day> days, float[][] probs,
            float[] mean, float[] std) {
        double max = 0;
        for (int i = 0; i < days.size(); i++) {
            Prediction<Label> p = model.predict(example(days.get(i), mean, std));
            Map<String, Label> scores = p.getOutputScores();
            for (int k = 0; k < LABELS.size(); k++) {
                max = Math.max(max, Math.abs(scores.get(LABELS.get(k)).getScore() - probs[i][k]));
            }
        }
        return max;
    }

    static double accuracy(float[][] probs, List<Day> days) {
        int correct = 0;
        for (int i = 0; i < days.size(); i++) {
            int best = 0;
            for (int k = 1; k < LABELS.size(); k++) {
                if (probs[i][k] > probs[i][best]) {
                    best = k;
                }
            }
            if (LABELS.get(best).equals(days.get(i).weather())) {
                correct++;
            }
        }
        return (double) correct / days.size();
    }

    /** Accuracy of always answering the most frequent label of {@code days} itself. */
    static double majorityBaseline(List<Day> days) {
        Map<String, Long> counts = new TreeMap<>();
        for (Day d : days) {
            counts.merge(d.weather(), 1L, Long::sum);
        }
        return (double) counts.values().stream().mapToLong(Long::longValue).max().orElse(0) / days.size();
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
