package io.plumbline.monitor.testing;

import io.plumbline.events.FeedbackRecord;
import io.plumbline.events.PredictionEvent;
import io.plumbline.events.TensorLimits;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.profile.ProfileBuilder;
import io.plumbline.monitor.profile.ProfileOptions;
import io.plumbline.tensor.Tensor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One scripted stretch of predictions and ground truth for a two-class model ({@code rain}, {@code sun}),
 * the same for every monitor that is fed it (the Kafka Streams topology, the service against a broker,
 * the monitor embedded in serving), with what it must give worked out by hand:
 * <pre>
 *   +1 s  prediction a  rain 0.8        +6 s  feedback b = rain   matched (wrong: 0.3 for rain)
 *   +2 s  prediction b  rain 0.3        +7 s  feedback b = sun    duplicate
 *   +3 s  prediction c  rain 0.6        +8 s  feedback zz = sun   waits; no prediction zz ever: unmatched
 *   +4 s  prediction d  rain 0.1        +9 s  feedback e = sun    waits for e
 *   +5 s  feedback a = rain  matched    +10 s prediction e  rain 0.2   matched (right)
 * </pre>
 * Window of the script: 5 predictions, 3 labelled (coverage 0.6), 2 right (accuracy 2/3), log loss
 * (−ln 0.8 − ln 0.3 − ln 0.8) / 3 = (0.223144 + 1.203973 + 0.223144) / 3 = 0.550087; join outcomes
 * matched 3, duplicate 1, and 2 records waited (zz, e); zz ends unmatched once the join window passes.
 */
public final class FeedbackTraffic {
    public static final List<String> CLASSES = List.of("rain", "sun");
    public static final int PREDICTIONS = 5;
    public static final int LABELLED = 3;
    public static final double ACCURACY = 2.0 / 3;
    public static final double LOG_LOSS = 0.550087;
    public static final int MATCHED = 3;
    public static final int DUPLICATE = 1;
    public static final int WAITED = 2;

    /** A scripted arrival: a prediction or a feedback record, at its time. */
    public record Step(Instant at, PredictionEvent prediction, FeedbackRecord feedback) {
    }

    private FeedbackTraffic() {
    }

    /** Input x (0..99) and the two class probabilities as outputs, named after the classes. */
    public static ReferenceProfile profile() {
        ProfileBuilder b = new ProfileBuilder(ProfileOptions.defaults().withBins(10));
        b.numeric("x", FeatureRole.INPUT).numeric("rain", FeatureRole.OUTPUT).numeric("sun", FeatureRole.OUTPUT);
        for (int i = 0; i < 100; i++) {
            b.add("x", i);
            b.add("rain", i / 100.0);
            b.add("sun", 1 - i / 100.0);
        }
        b.addRows(100);
        return b.build();
    }

    /** A one-row prediction of request {@code id}: x = 50, probabilities (rain, 1 − rain). */
    public static PredictionEvent prediction(String model, String version, String id, Instant at, double rain) {
        Tensor x = Tensor.ofFloats("x", new long[] {1}, new float[] {50});
        Tensor p = Tensor.ofFloats("probabilities", new long[] {1, 2}, new float[] {(float) rain, (float) (1 - rain)});
        return PredictionEvent.of(model, version, id, at, 1000, Map.of(), List.of(x), List.of(p), TensorLimits.DEFAULT);
    }

    public static FeedbackRecord label(String model, String id, String label, Instant time) {
        return FeedbackRecord.ofLabel(model, "", id, label, -1, time);
    }

    /** The script, starting at {@code t0} (all of it inside one window of a minute or more that starts at t0). */
    public static List<Step> script(String model, String version, Instant t0) {
        List<Step> steps = new ArrayList<>();
        double[] rain = {0.8, 0.3, 0.6, 0.1};
        String[] ids = {"a", "b", "c", "d"};
        for (int i = 0; i < ids.length; i++) {
            Instant at = t0.plusSeconds(i + 1);
            steps.add(new Step(at, prediction(model, version, ids[i], at, rain[i]), null));
        }
        String[][] labels = {{"a", "rain"}, {"b", "rain"}, {"b", "sun"}, {"zz", "sun"}, {"e", "sun"}};
        for (int i = 0; i < labels.length; i++) {
            Instant at = t0.plusSeconds(5 + i);
            steps.add(new Step(at, null, label(model, labels[i][0], labels[i][1], at)));
        }
        Instant e = t0.plusSeconds(10);
        steps.add(new Step(e, prediction(model, version, "e", e, 0.2), null));
        return steps;
    }

    /**
     * The script played across a monitor restart, with a join window of {@link #JOIN_WINDOW} (20 s) and a
     * drift window of 30 s or more starting at t0. {@link #beforeRestart} is the script up to feedback e
     * (+9 s): at the restart predictions c and d wait for feedback, zz and e wait for predictions, a and b
     * are labelled. {@link #afterRestart}:
     * <pre>
     *   +10 s prediction e  rain 0.2   matched with e, which waited across the restart (right)
     *   +11 s feedback c = rain        matched with c, kept across the restart (right: 0.6 for rain)
     *   +12 s feedback a = sun         duplicate: a was labelled before the restart (kept until +21 s)
     *   +25 s feedback d = sun         late: its time is past d's +4 s plus 20 s (d is kept until stream
     *                                  time reaches +24 s, and this record is the first past it)
     * </pre>
     * zz waited from +8 s: it ends unmatched once stream time passes +28 s (the {@link #after} step).
     * Window: 5 predictions, 4 labelled (a, b, e, c), 3 right (a, e, c; b wrong), accuracy 3/4, log loss
     * (−ln 0.8 − ln 0.3 − ln 0.8 − ln 0.6) / 4 = (0.223144 + 1.203973 + 0.223144 + 0.510826) / 4 = 0.540272.
     * Join outcomes before the restart: matched 2 (a, b), duplicate 1 (b), waited 2 (zz, e); after it:
     * matched 2 (e, c), duplicate 1 (a), late 1 (d), unmatched 1 (zz).
     */
    public static final class Restart {
        public static final Duration JOIN_WINDOW = Duration.ofSeconds(20);
        public static final int PREDICTIONS = 5;
        public static final int LABELLED = 4;
        public static final double ACCURACY = 3.0 / 4;
        public static final double LOG_LOSS = 0.540272;
        public static final Map<String, Integer> OUTCOMES_BEFORE = Map.of("matched", 2, "duplicate", 1, "late", 0,
                "unmatched", 0);
        public static final int WAITED_BEFORE = 2;
        public static final Map<String, Integer> OUTCOMES_AFTER = Map.of("matched", 2, "duplicate", 1, "late", 1,
                "unmatched", 1);
        public static final int WAITED_AFTER = 0;

        private Restart() {
        }

        public static List<Step> beforeRestart(String model, String version, Instant t0) {
            List<Step> all = script(model, version, t0);
            return all.subList(0, all.size() - 1);
        }

        public static List<Step> afterRestart(String model, String version, Instant t0) {
            List<Step> steps = new ArrayList<>();
            List<Step> all = script(model, version, t0);
            steps.add(all.get(all.size() - 1));
            String[][] labels = {{"c", "rain", "11"}, {"a", "sun", "12"}, {"d", "sun", "25"}};
            for (String[] l : labels) {
                Instant at = t0.plusSeconds(Long.parseLong(l[2]));
                steps.add(new Step(at, null, label(model, l[0], l[1], at)));
            }
            return steps;
        }
    }

    /** A prediction that moves time past the script's window (size {@code window}, plus {@code grace}). */
    public static Step after(String model, String version, Instant t0, Duration window, Duration grace) {
        Instant at = t0.plus(window).plus(grace).plusSeconds(1);
        return new Step(at, prediction(model, version, "later", at, 0.5), null);
    }
}
