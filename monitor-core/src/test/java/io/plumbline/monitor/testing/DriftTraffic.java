package io.plumbline.monitor.testing;

import io.plumbline.events.PredictionEvent;
import io.plumbline.events.PredictionEventCodec;
import io.plumbline.events.TensorLimits;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.events.profile.ReferenceProfileCodec;
import io.plumbline.monitor.profile.ProfileBuilder;
import io.plumbline.monitor.profile.ProfileOptions;
import io.plumbline.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Weather-like traffic for drift tests: four normal features named as the demo model's, a reference
 * profile drawn from them, and prediction events (one {@code features} tensor of {@code [rows, 4]} FP32)
 * drawn from the same distributions or with one feature shifted by some standard deviations.
 */
public final class DriftTraffic {
    public static final List<String> FEATURES = List.of("precipitation", "temp_max", "temp_min", "wind");
    private static final double[] MEANS = {3, 15, 8, 4};
    private static final double[] STDS = {2, 6, 5, 1.5};
    private static final PredictionEventCodec CODEC = new PredictionEventCodec();

    private final SplittableRandom random;

    public DriftTraffic(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A profile of {@code rows} reference rows on {@code bins} bins. */
    public ReferenceProfile profile(int rows, int bins) {
        ProfileBuilder b = new ProfileBuilder(ProfileOptions.defaults().withBins(bins));
        for (String f : FEATURES) {
            b.numeric(f, FeatureRole.INPUT);
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < FEATURES.size(); j++) {
                b.add(FEATURES.get(j), MEANS[j] + STDS[j] * random.nextGaussian());
            }
        }
        b.addRows(rows);
        return b.build();
    }

    public static byte[] profileJson(ReferenceProfile p) {
        return new ReferenceProfileCodec().toJson(p).getBytes(StandardCharsets.UTF_8);
    }

    /** An event of {@code rows} rows; {@code shifted} (or null) moves by {@code sds} reference std. */
    public PredictionEvent event(String model, String version, Instant at, int rows, String shifted, double sds) {
        float[] values = new float[rows * FEATURES.size()];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < FEATURES.size(); j++) {
                double shift = FEATURES.get(j).equals(shifted) ? sds * STDS[j] : 0;
                values[r * FEATURES.size() + j] = (float) (MEANS[j] + shift + STDS[j] * random.nextGaussian());
            }
        }
        Tensor features = Tensor.ofFloats("features", new long[] {rows, FEATURES.size()}, values);
        Tensor out = Tensor.ofFloats("probabilities", new long[] {rows, 1}, new float[rows]);
        return PredictionEvent.of(model, version, "req", at, 1_000_000, Map.of(), List.of(features), List.of(out),
                TensorLimits.DEFAULT);
    }

    public static byte[] encode(PredictionEvent e) {
        return CODEC.encode(e);
    }
}
