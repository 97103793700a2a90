package io.plumbline.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.plumbline.demo.WeatherModelTrainer.Day;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.events.profile.ReferenceProfileCodec;
import io.plumbline.monitor.data.Tables;
import io.plumbline.monitor.profile.ColumnSpec;
import io.plumbline.monitor.profile.DatasetProfiler;
import io.plumbline.monitor.profile.ProfileOptions;
import io.plumbline.monitor.quality.CbpeEstimator;
import io.plumbline.monitor.quality.ClassifierPerformance;
import io.plumbline.monitor.quality.EstimatedPerformance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CBPE validation of issue 14, computed here and compared with the table in {@code monitor/QUALITY.md},
 * so the document shows what the code gives today. The demo model scores every day of
 * {@code data/seattle-weather.csv} in ONNX Runtime; the 2012-2013 days with their true {@code weather} go
 * through the monitor's profiler ({@code --label weather --probabilities drizzle,...}), which fits the
 * calibration map; each quarter of 2014-2015 is then estimated from the probabilities alone and compared with
 * the realised accuracy on the same days. When the numbers change on purpose, paste the table this test
 * prints in its failure message into QUALITY.md.
 */
class WeatherCbpeValidationTest {
    private static final Path REPO = Path.of("..");
    private static final Path DOC = REPO.resolve("monitor/QUALITY.md");
    static final String BEGIN = "<!-- cbpe-validation:begin (written by WeatherCbpeValidationTest) -->";
    static final String END = "<!-- cbpe-validation:end -->";

    @TempDir
    Path dir;

    @Test
    void estimatedAccuracyPerQuarter_isTheTableInQualityMd() throws Exception {
        List<Day> days = WeatherModelTrainer.readCsv(REPO.resolve("data/seattle-weather.csv"));
        float[][] probs;
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(
                REPO.resolve("models/weather/1/model.onnx").toString())) {
            probs = WeatherModelTrainer.predict(OrtEnvironment.getEnvironment(), session, days);
        }
        ReferenceProfile profile = referenceProfile(days, probs);
        assertNotNull(profile.calibration(), "the profiler fitted no calibration map");
        assertEquals(731, profile.calibration().rows());
        // The shipped demo profile carries this very map (and label), so the demo estimates out of the box.
        ReferenceProfile shipped = new ReferenceProfileCodec().read(REPO.resolve("models/weather/1/reference-profile.json"));
        assertEquals(profile.label(), shipped.label());
        assertEquals(profile.calibration(), shipped.calibration(), "models/weather/1/reference-profile.json's map");
        CbpeEstimator cbpe = new CbpeEstimator(profile.calibration());

        Map<String, EstimatedPerformance> estimated = new LinkedHashMap<>();
        Map<String, ClassifierPerformance> realised = new LinkedHashMap<>();
        Map<String, double[]> rawConfidence = new LinkedHashMap<>();
        for (int i = 0; i < days.size(); i++) {
            Day d = days.get(i);
            String window = d.isTraining() ? "2012-2013 (reference)"
                    : d.date().getYear() + " Q" + ((d.date().getMonthValue() - 1) / 3 + 1);
            double[] p = new double[probs[i].length];
            for (int k = 0; k < p.length; k++) {
                p[k] = probs[i][k];
            }
            cbpe.add(estimated.computeIfAbsent(window, w -> cbpe.newWindow()), p);
            // Without calibration: the model's own top probability (sum, rows).
            double[] raw = rawConfidence.computeIfAbsent(window, w -> new double[2]);
            raw[0] += Arrays.stream(p).max().orElseThrow();
            raw[1]++;
            realised.computeIfAbsent(window, w -> new ClassifierPerformance(p.length))
                    .add(p, WeatherModelTrainer.LABELS.indexOf(d.weather()));
        }
        String table = table(estimated, realised, rawConfidence);
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        String documented = begin < 0 || end < begin ? "(markers missing)"
                : doc.substring(begin + BEGIN.length(), end).strip();
        assertEquals(table, documented, "monitor/QUALITY.md's CBPE table differs from what the code computes:\n"
                + table + "\n");
    }

    /** The 2012-2013 days as the reference table a user would profile: features, probabilities, label. */
    private ReferenceProfile referenceProfile(List<Day> days, float[][] probs) throws Exception {
        List<String> lines = ScoredDays.lines(days, probs, Day::isTraining);
        Path csv = Files.write(dir.resolve("weather-reference.csv"), lines, StandardCharsets.UTF_8);
        ColumnSpec spec = new ColumnSpec(List.of(), Set.of(), Set.of(), "weather", WeatherModelTrainer.LABELS);
        return new DatasetProfiler(ProfileOptions.defaults(), new Tables(), null).profile(csv, spec);
    }

    private static String table(Map<String, EstimatedPerformance> estimated, Map<String, ClassifierPerformance> realised,
            Map<String, double[]> rawConfidence) {
        StringBuilder t = new StringBuilder();
        t.append("| window | rows | estimated accuracy | realised accuracy | abs error | uncalibrated estimate |\n");
        t.append("|---|---:|---:|---:|---:|---:|\n");
        double errors = 0;
        int quarters = 0;
        for (String window : estimated.keySet()) {
            double e = estimated.get(window).accuracy();
            double r = realised.get(window).accuracy();
            double[] raw = rawConfidence.get(window);
            t.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f |%n", window,
                    estimated.get(window).rows(), e, r, Math.abs(e - r), raw[0] / raw[1]));
            if (!window.contains("reference")) {
                errors += Math.abs(e - r);
                quarters++;
            }
        }
        t.append(String.format(Locale.ROOT, "%nMean absolute error over the %d quarters of 2014-2015: %.3f",
                quarters, errors / quarters));
        return t.toString();
    }
}
