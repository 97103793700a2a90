package io.plumbline.events.profile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the reference data looked like, one {@link FeatureProfile} per input column and model output.
 *
 * @param formatVersion {@link #FORMAT_VERSION}; readers reject other versions rather than guess
 * @param rows reference rows read
 * @param features profiled columns, names unique
 */
public record ReferenceProfile(int formatVersion, long rows, List<FeatureProfile> features) {

    /** The version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

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
    }

    public ReferenceProfile(long rows, List<FeatureProfile> features) {
        this(FORMAT_VERSION, rows, features);
    }

    public Optional<FeatureProfile> feature(String name) {
        return features.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    @JsonIgnore
    public List<String> featureNames() {
        return features.stream().map(FeatureProfile::name).toList();
    }
}
