package io.plumbline.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The demo days as a scored table: the features, the demo model's class probabilities and the true
 * {@code weather}, one CSV line per kept day under a header. What the CBPE validation profiles and what
 * {@code data/scored/} holds.
 */
final class ScoredDays {
    private ScoredDays() {
    }

    /** The header and one line per day that {@code keep} accepts; {@code probs[i]} are day i's probabilities. */
    static List<String> lines(List<WeatherModelTrainer.Day> days, float[][] probs, Predicate<WeatherModelTrainer.Day> keep) {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", WeatherModelTrainer.FEATURES) + "," + String.join(",", WeatherModelTrainer.LABELS)
                + ",weather");
        for (int i = 0; i < days.size(); i++) {
            if (!keep.test(days.get(i))) {
                continue;
            }
            StringBuilder line = new StringBuilder();
            for (float f : days.get(i).features()) {
                line.append(f).append(',');
            }
            for (float p : probs[i]) {
                // The float's own shortest decimal: parses back to the value ONNX Runtime returned.
                line.append(p).append(',');
            }
            lines.add(line.append(days.get(i).weather()).toString());
        }
        return lines;
    }
}
