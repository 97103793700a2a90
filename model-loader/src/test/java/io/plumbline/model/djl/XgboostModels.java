package io.plumbline.model.djl;

import io.plumbline.demo.WeatherModelTrainer;
import io.plumbline.demo.WeatherModelTrainer.Day;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains a small XGBoost classifier with xgboost4j on the Seattle weather data: does it rain
 * (label {@code rain}) given precipitation, temp_max, temp_min and wind. Trained on 2012-2013,
 * so 2014-2015 are rows it never saw.
 */
public final class XgboostModels {
    public static final int FEATURES = 4;

    private XgboostModels() {
    }

    /** The days of the CSV, found from the module directory upwards like the demo model. */
    public static List<Day> days() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("data/seattle-weather.csv"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IOException("data/seattle-weather.csv not found above " + Path.of("").toAbsolutePath());
        }
        return WeatherModelTrainer.readCsv(dir.resolve("data/seattle-weather.csv"));
    }

    public static float[] features(List<Day> days) {
        float[] out = new float[days.size() * FEATURES];
        for (int i = 0; i < days.size(); i++) {
            System.arraycopy(days.get(i).features(), 0, out, i * FEATURES, FEATURES);
        }
        return out;
    }

    /** Trains binary:logistic for "rain" on the days given; deterministic (one thread, fixed seed). */
    public static Booster trainRain(List<Day> training, int rounds) throws XGBoostError {
        DMatrix train = new DMatrix(features(training), training.size(), FEATURES, Float.NaN);
        float[] labels = new float[training.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = training.get(i).weather().equals("rain") ? 1f : 0f;
        }
        train.setLabel(labels);
        Map<String, Object> params = Map.of("objective", "binary:logistic", "max_depth", 3, "eta", 0.3,
                "nthread", 1, "seed", 7);
        try {
            return XGBoost.train(train, params, rounds, Map.of(), null, null);
        } finally {
            train.dispose();
        }
    }

    /** What xgboost4j itself predicts for the rows, flattened. */
    public static float[] predict(Booster booster, List<Day> rows) throws XGBoostError {
        DMatrix m = new DMatrix(features(rows), rows.size(), FEATURES, Float.NaN);
        try {
            float[][] p = booster.predict(m);
            float[] flat = new float[rows.size()];
            for (int i = 0; i < flat.length; i++) {
                flat[i] = p[i][0];
            }
            return flat;
        } finally {
            m.dispose();
        }
    }
}
