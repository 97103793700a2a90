package io.plumbline.events.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the reference data looked like, one {@link FeatureProfile} per input column and model output,
 * and, when the reference data held the true label, the label column and a calibration map of the
 * model's class probabilities.
 *
 * <p>{@code label} and {@code calibration} are optional additions within format version 1: a profile
 * written before them reads with both null, and a reader that predates them ignores them.
 *
 * @param formatVersion {@link #FORMAT_VERSION}; readers reject other versions rather than guess
 * @param rows reference rows read
 * @param features profiled columns, names unique
 * @param label the ground-truth column, or null when the reference data had none
 * @param calibration per-class calibration of the probability outputs, or null when not fitted
 * @param segments how the monitor cuts this model's traffic into segments ({@code model.yaml}'s
 *     {@code segments}, merged in by serving when it publishes the profile); empty when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReferenceProfile(int formatVersion, long rows, List<FeatureProfile> features, LabelInfo label,
        CalibrationMap calibration, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SegmentSpec> segments) {

    /** The version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    @JsonCreator
    public ReferenceProfile {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("formatVersion " + formatVersion + " is not supported (this build reads "
                    + FORMAT_VERSION + ")");
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, was " + rows);
        }
        if (features == null) {
            throw new IllegalArgumentException("features must be present (may be empty)");
        }
        Set<String> seen = new HashSet<>();
        for (FeatureProfile f : features) {
            if (f == null) {
                throw new IllegalArgumentException("features must not contain null entries");
            }
            if (!seen.add(f.name())) {
                throw new IllegalArgumentException("feature name " + f.name() + " appears twice");
            }
        }
        features = List.copyOf(features);
        if (calibration != null && label != null && !label.classes().isEmpty()
                && !label.classes().equals(calibration.classNames())) {
            throw new IllegalArgumentException("calibration classes " + calibration.classNames()
                    + " differ from the label classes " + label.classes());
        }
        segments = SegmentSpec.checked(segments);
        for (SegmentSpec s : segments) {
            if (s.feature() != null) {
                FeatureProfile f = features.stream().filter(x -> x.name().equals(s.feature())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("segment feature '" + s.feature()
                                + "' is not a profiled feature"));
                if (f.categorical() == null || f.role() != FeatureRole.INPUT) {
                    throw new IllegalArgumentException("segment feature '" + s.feature()
                            + "' must be a categorical input feature");
                }
            }
        }
    }

    public ReferenceProfile(int formatVersion, long rows, List<FeatureProfile> features, LabelInfo label,
            CalibrationMap calibration) {
        this(formatVersion, rows, features, label, calibration, List.of());
    }

    public ReferenceProfile(int formatVersion, long rows, List<FeatureProfile> features) {
        this(formatVersion, rows, features, null, null);
    }

    public ReferenceProfile(long rows, List<FeatureProfile> features) {
        this(FORMAT_VERSION, rows, features);
    }

    /** This profile with a label column and, when fitted, a calibration map (either may be null). */
    public ReferenceProfile withLabel(LabelInfo newLabel, CalibrationMap newCalibration) {
        return new ReferenceProfile(formatVersion, rows, features, newLabel, newCalibration, segments);
    }

    /** This profile with {@code newSegments} as its segment declarations. */
    public ReferenceProfile withSegments(List<SegmentSpec> newSegments) {
        return new ReferenceProfile(formatVersion, rows, features, label, calibration, newSegments);
    }

    public Optional<FeatureProfile> feature(String name) {
        return features.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    @JsonIgnore
    public List<String> featureNames() {
        return features.stream().map(FeatureProfile::name).toList();
    }
}
