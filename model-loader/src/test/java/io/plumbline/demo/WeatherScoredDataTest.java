package io.plumbline.demo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.plumbline.demo.WeatherModelTrainer.Day;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The scored demo files under {@code data/scored/} are what the demo model gives today: every day's
 * features, the model's five probabilities (ONNX Runtime, written as the float's shortest decimal, as
 * {@link WeatherCbpeValidationTest} profiles them) and the true {@code weather}. The offline report's
 * performance example (monitor/QUALITY.md) and its test in the monitor module read them, since the monitor
 * module has no ONNX Runtime. When the model changes on purpose, copy the files this test writes to
 * {@code model-loader/target/scored/} over {@code data/scored/}.
 */
class WeatherScoredDataTest {
    private static final Path REPO = Path.of("..");
    private static final Path SCORED = REPO.resolve("data/scored");
    private static final Path REGENERATED = Path.of("target/scored");

    @Test
    void scoredFiles_areTheModelsProbabilities() throws Exception {
        List<Day> days = WeatherModelTrainer.readCsv(REPO.resolve("data/seattle-weather.csv"));
        float[][] probs;
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(
                REPO.resolve("models/weather/1/model.onnx").toString())) {
            probs = WeatherModelTrainer.predict(OrtEnvironment.getEnvironment(), session, days);
        }
        // Both files are written before either is compared, so one run regenerates both.
        Executable training = check("weather-2012-2013.csv", days, probs, Day::isTraining);
        Executable quarter = check("weather-2014-q1.csv", days, probs,
                d -> d.date().getYear() == 2014 && d.date().getMonthValue() <= 3);
        assertAll(training, quarter);
    }

    private static Executable check(String name, List<Day> days, float[][] probs, Predicate<Day> keep) throws Exception {
        List<String> lines = ScoredDays.lines(days, probs, keep);
        String expected = String.join("\n", lines) + "\n";
        Files.createDirectories(REGENERATED);
        Files.writeString(REGENERATED.resolve(name), expected, StandardCharsets.UTF_8);
        Path committed = SCORED.resolve(name);
        String actual = Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "(missing)";
        return () -> assertEquals(expected, actual, "data/scored/" + name + " is not what the demo model gives today; the current "
                + "scores are in model-loader/target/scored/" + name);
    }
}
