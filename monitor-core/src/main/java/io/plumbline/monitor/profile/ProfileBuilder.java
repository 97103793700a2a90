package io.plumbline.monitor.profile;

import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.window.NumericWindow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link ReferenceProfile} from values fed one at a time, feature by feature. Declare each
 * feature with {@link #numeric} or {@link #categorical} first (the profile keeps that order).
 *
 * <p>Memory is bounded per numeric feature by {@link ProfileOptions#exactLimit()} values. When a
 * feature exceeds it, {@link #countingWindows()} returns windows that a second pass over the same data
 * must feed before {@link #build()}; {@link DatasetProfiler} does this for files.
 */
public final class ProfileBuilder {
    private final ProfileOptions options;
    private final Map<String, Object> features = new LinkedHashMap<>();
    private long rows;

    public ProfileBuilder(ProfileOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options are required (ProfileOptions.defaults())");
        }
        this.options = options;
    }

    /** Builds a one-feature profile from an array (tests, embedded use). */
    public static ReferenceProfile ofValues(String name, double[] values, ProfileOptions options) {
        ProfileBuilder builder = new ProfileBuilder(options).numeric(name, FeatureRole.INPUT);
        for (double v : values) {
            builder.add(name, v);
        }
        builder.addRows(values.length);
        if (builder.needsCountingPass()) {
            NumericWindow w = builder.countingWindows().get(name);
            for (double v : values) {
                w.add(v);
            }
        }
        return builder.build();
    }

    public ProfileBuilder numeric(String name, FeatureRole role) {
        declare(name, new NumericAccumulator(name, role, options));
        return this;
    }

    public ProfileBuilder categorical(String name, FeatureRole role) {
        declare(name, new CategoryAccumulator(name, role, options));
        return this;
    }

    private void declare(String name, Object accumulator) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("feature name must be non-empty");
        }
        if (features.putIfAbsent(name, accumulator) != null) {
            throw new IllegalArgumentException("feature " + name + " is declared twice");
        }
    }

    public boolean isNumeric(String name) {
        return feature(name) instanceof NumericAccumulator;
    }

    /** Adds a numeric value; NaN and infinities count as missing. */
    public void add(String name, double value) {
        numericFeature(name).add(value);
    }

    /** Adds a category; null or empty counts as missing. */
    public void add(String name, String category) {
        if (feature(name) instanceof CategoryAccumulator c) {
            c.add(category);
        } else {
            throw new IllegalArgumentException("feature " + name + " is numeric: add a double");
        }
    }

    public void addMissing(String name) {
        if (feature(name) instanceof NumericAccumulator n) {
            n.addMissing();
        } else {
            ((CategoryAccumulator) feature(name)).addMissing();
        }
    }

    public void addRows(long n) {
        rows += n;
    }

    public boolean needsCountingPass() {
        return features.values().stream().anyMatch(f -> f instanceof NumericAccumulator n && n.sampled());
    }

    /** For sampled numeric features: the windows a second pass must feed every value to. */
    public Map<String, NumericWindow> countingWindows() {
        Map<String, NumericWindow> windows = new LinkedHashMap<>();
        features.forEach((name, f) -> {
            if (f instanceof NumericAccumulator n && n.countingWindow() != null) {
                windows.put(name, n.countingWindow());
            }
        });
        return windows;
    }

    public ReferenceProfile build() {
        List<FeatureProfile> built = features.values().stream()
                .map(f -> f instanceof NumericAccumulator n ? n.build() : ((CategoryAccumulator) f).build())
                .toList();
        return new ReferenceProfile(rows, built);
    }

    private Object feature(String name) {
        Object f = features.get(name);
        if (f == null) {
            throw new IllegalArgumentException("feature " + name + " was not declared; declared: " + features.keySet());
        }
        return f;
    }

    private NumericAccumulator numericFeature(String name) {
        if (feature(name) instanceof NumericAccumulator n) {
            return n;
        }
        throw new IllegalArgumentException("feature " + name + " is categorical: add a String");
    }
}
