package io.plumbline.reliability;

import io.plumbline.events.CloudEventHeaders;
import io.plumbline.events.PredictionEvent;
import io.plumbline.events.PredictionEventCodec;
import io.plumbline.events.TensorLimits;
import io.plumbline.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Weather-like prediction traffic: four normal features named as the demo model's, a reference data set
 * drawn from them (profiled by the shipped {@code profile} command), and prediction events of one row
 * each, drawn from the same distributions or with {@code temp_max} shifted by {@value #SHIFT_SDS}
 * standard deviations. Events are written as serving writes them: CloudEvents binary mode, key = model,
 * record timestamp = the prediction's time.
 */
final class Traffic {
    static final List<String> FEATURES = List.of("precipitation", "temp_max", "temp_min", "wind");
    static final String SHIFTED = "temp_max";
    static final double SHIFT_SDS = 3;
    private static final double[] MEANS = {3, 15, 8, 4};
    private static final double[] STDS = {2, 6, 5, 1.5};
    private static final PredictionEventCodec CODEC = new PredictionEventCodec();

    private final SplittableRandom random;

    Traffic(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Writes {@code rows} reference rows as CSV with a header. */
    Path referenceCsv(Path file, int rows) {
        StringBuilder csv = new StringBuilder(String.join(",", FEATURES)).append('\n');
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < FEATURES.size(); j++) {
                csv.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", value(j, false)));
            }
            csv.append('\n');
        }
        try {
            return Files.writeString(file, csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One prediction event (one row) of {@code model} version 1 at {@code at}, shifted when {@code drifted}. */
    ProducerRecord<String, byte[]> event(String topic, String model, Instant at, boolean drifted) {
        float[] row = new float[FEATURES.size()];
        for (int j = 0; j < row.length; j++) {
            row[j] = (float) value(j, drifted);
        }
        PredictionEvent e = PredictionEvent.of(model, "1", "", at, 1_000_000, Map.of(),
                List.of(Tensor.ofFloats("features", new long[] {1, row.length}, row)),
                List.of(Tensor.ofFloats("probabilities", new long[] {1, 1}, 0.5f)), TensorLimits.DEFAULT);
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.forPrediction(e, "/reliability").forEach((k, v) ->
                headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(topic, null, at.toEpochMilli(), model, CODEC.encode(e), headers);
    }

    private double value(int feature, boolean drifted) {
        double shift = drifted && FEATURES.get(feature).equals(SHIFTED) ? SHIFT_SDS * STDS[feature] : 0;
        return MEANS[feature] + shift + STDS[feature] * random.nextGaussian();
    }
}
