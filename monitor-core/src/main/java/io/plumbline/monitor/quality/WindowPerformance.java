package io.plumbline.monitor.quality;

import io.plumbline.events.FeedbackRecord;
import io.plumbline.events.profile.ReferenceProfile;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A window's model quality: its predictions (for feedback coverage), the realised performance of those
 * labelled in the window ({@link ClassifierPerformance} or {@link RegressorPerformance}) and, when the
 * reference profile holds a calibration map, the estimated performance of every prediction
 * ({@link EstimatedPerformance}, through {@link CbpeEstimator}).
 *
 * <p>A model is a classifier when its profile names classes: the label's classes, or else the names of its
 * numeric outputs when there are two or more (the demo model's outputs are named after its classes). A
 * model with one numeric output and no classes is a regressor. A truth that names no class, a target for a
 * classifier or a label for a regressor cannot be scored and is counted as unscorable.
 */
public final class WindowPerformance {
    private static final byte FORMAT = 1;

    private final List<String> classes;
    private final CbpeEstimator estimator;
    private ClassifierPerformance classifier;
    private RegressorPerformance regressor;
    private EstimatedPerformance estimated;
    private long predictions;
    private long unscorable;

    /**
     * @param classes the classifier's classes in output order; empty for a regressor
     * @param estimator CBPE through the profile's calibration map, or null without one
     */
    public WindowPerformance(List<String> classes, CbpeEstimator estimator) {
        this.classes = List.copyOf(classes);
        this.estimator = estimator;
        reset();
    }

    /** The quality part of a window of {@code profile}. */
    public static WindowPerformance of(ReferenceProfile profile, List<String> numericOutputs) {
        List<String> classes = profile.label() != null && !profile.label().classes().isEmpty()
                ? profile.label().classes() : numericOutputs.size() >= 2 ? numericOutputs : List.of();
        CbpeEstimator estimator = profile.calibration() != null && profile.calibration().classes().size() == classes.size()
                ? new CbpeEstimator(profile.calibration()) : null;
        return new WindowPerformance(classes, estimator);
    }

    public void reset() {
        classifier = classes.isEmpty() ? null : new ClassifierPerformance(classes.size());
        regressor = classes.isEmpty() ? new RegressorPerformance() : null;
        estimated = estimator == null ? null : estimator.newWindow();
        predictions = 0;
        unscorable = 0;
    }

    /** One predicted row: counted for coverage and, with a calibration map, estimated. */
    public void predicted(double[] outputs) {
        predictions++;
        if (estimated != null && outputs.length == estimator.classes() && finite(outputs)) {
            estimator.add(estimated, outputs);
        }
    }

    /**
     * One prediction with its truth.
     *
     * @param outputs the prediction's numeric outputs (probabilities, or a regressor's value)
     * @param predictedLabel its predicted class name, for a classifier without probability outputs
     * @return false when the truth could not be scored (counted as unscorable)
     */
    public boolean score(double[] outputs, String predictedLabel, FeedbackRecord truth) {
        if (classifier != null && !truth.hasTarget()) {
            int y = truth.labelIndex() >= 0 ? truth.labelIndex() : classes.indexOf(truth.label());
            if (y >= 0 && y < classes.size()) {
                if (outputs.length == classes.size() && finite(outputs)) {
                    classifier.add(outputs, y);
                    return true;
                }
                int predicted = classes.indexOf(predictedLabel);
                if (predicted >= 0) {
                    classifier.add(predicted, y);
                    return true;
                }
            }
        } else if (regressor != null && truth.hasTarget() && outputs.length >= 1 && Double.isFinite(outputs[0])) {
            regressor.add(outputs[0], truth.target().getAsDouble());
            return true;
        }
        unscorable++;
        return false;
    }

    public void merge(WindowPerformance other) {
        if (classifier != null && other.classifier != null) {
            classifier.merge(other.classifier);
        }
        if (regressor != null && other.regressor != null) {
            regressor.merge(other.regressor);
        }
        if (estimated != null && other.estimated != null) {
            estimated.merge(other.estimated);
        }
        predictions += other.predictions;
        unscorable += other.unscorable;
    }

    public List<String> classes() {
        return classes;
    }

    /** Realised classifier performance, or null for a regressor. */
    public ClassifierPerformance classifier() {
        return classifier;
    }

    /** Realised regressor performance, or null for a classifier. */
    public RegressorPerformance regressor() {
        return regressor;
    }

    /** Estimated performance, or null without a calibration map. */
    public EstimatedPerformance estimated() {
        return estimated;
    }

    /** Rows predicted in the window. */
    public long predictions() {
        return predictions;
    }

    /** Rows labelled (scored) in the window. */
    public long labelled() {
        return classifier != null ? classifier.rows() : regressor.rows();
    }

    public long unscorable() {
        return unscorable;
    }

    /** Nothing predicted or scored yet (the window codec then writes nothing for it). */
    public boolean isEmpty() {
        return predictions == 0 && unscorable == 0 && labelled() == 0;
    }

    /** Bytes for the window store: counts, then the accumulators' own encodings ({@link QualityCodec}). */
    public byte[] encode() {
        byte[] realised = classifier != null ? QualityCodec.encode(classifier) : QualityCodec.encode(regressor);
        byte[] estimate = estimated == null ? new byte[0] : QualityCodec.encode(estimated);
        ByteBuffer b = ByteBuffer.allocate(1 + 16 + 8 + realised.length + estimate.length);
        b.put(FORMAT).putLong(predictions).putLong(unscorable);
        b.putInt(realised.length).put(realised).putInt(estimate.length).put(estimate);
        return b.array();
    }

    /** Adds what {@link #encode()} wrote (for a window of the same profile) to this one. */
    public void mergeEncoded(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte format = b.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("window performance format " + format + " is not " + FORMAT);
        }
        WindowPerformance other = new WindowPerformance(List.of(), null);
        other.classifier = null;
        other.regressor = null;
        other.predictions = b.getLong();
        other.unscorable = b.getLong();
        byte[] realised = new byte[b.getInt()];
        b.get(realised);
        if (classifier != null) {
            other.classifier = QualityCodec.decodeClassifier(realised);
        } else {
            other.regressor = QualityCodec.decodeRegressor(realised);
        }
        byte[] estimate = new byte[b.getInt()];
        b.get(estimate);
        other.estimated = estimate.length == 0 ? null : QualityCodec.decodeEstimated(estimate);
        merge(other);
    }

    private static boolean finite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
