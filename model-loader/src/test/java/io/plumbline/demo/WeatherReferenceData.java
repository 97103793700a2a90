package io.plumbline.demo;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.BufferedWriter;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the demo model's reference data: the 2012-2013 training days with the model's own
 * predicted class probabilities beside them, so the reference profile covers inputs and outputs.
 * The profile itself is built from this file by the monitor's profile builder:
 *
 * <pre>
 * mvn -B -q -pl model-loader test-compile exec:java -Dexec.mainClass=io.plumbline.demo.WeatherReferenceData \
 *     -Dexec.classpathScope=test -Dexec.args="data/seattle-weather.csv models/weather/1/model.onnx target/weather-reference.csv"
 * java -jar monitor/target/plumbline-monitor.jar profile --data model-loader/target/weather-reference.csv \
 *     --out models/weather/1/reference-profile.json --outputs drizzle,fog,rain,snow,sun
 * </pre>
 */
public final class WeatherReferenceData {
    private WeatherReferenceData() {
    }

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args.length > 0 ? args[0] : "data/seattle-weather.csv");
        Path model = Path.of(args.length > 1 ? args[1] : "models/weather/1/model.onnx");
        Path out = Path.of(args.length > 2 ? args[2] : "target/weather-reference.csv");
        List<WeatherModelTrainer.Day> train = WeatherModelTrainer.readCsv(csv).stream()
                .filter(d -> d.date().getYear() <= 2013).toList();
        int n = train.size();
        FloatBuffer in = FloatBuffer.allocate(n * 4);
        train.forEach(d -> in.put(d.features()));
        in.flip();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OrtSession session = env.createSession(model.toString());
                OnnxTensor x = OnnxTensor.createTensor(env, in, new long[] {n, 4});
                OrtSession.Result r = session.run(Map.of("features", x));
                BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            FloatBuffer p = ((OnnxTensor) r.get(0)).getFloatBuffer();
            w.write(String.join(",", WeatherModelTrainer.FEATURES) + "," + String.join(",", WeatherModelTrainer.LABELS));
            w.newLine();
            for (int i = 0; i < n; i++) {
                StringBuilder line = new StringBuilder();
                for (float f : train.get(i).features()) {
                    line.append(f).append(',');
                }
                for (int k = 0; k < 5; k++) {
                    line.append(String.format(Locale.ROOT, "%.9g", p.get(i * 5 + k))).append(k < 4 ? "," : "");
                }
                w.write(line.toString());
                w.newLine();
            }
        }
        System.out.printf(Locale.ROOT, "wrote %d reference rows to %s%n", n, out);
    }
}
