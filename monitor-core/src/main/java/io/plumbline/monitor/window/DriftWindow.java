package io.plumbline.monitor.window;

import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.ReferenceProfile;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One window of live traffic for a whole reference profile: a {@link FeatureWindow} per profiled
 * feature and output, in profile order, plus the number of rows (events) seen. Built once per profile
 * and reused with {@link #reset()}, so steady-state counting allocates nothing.
 */
public final class DriftWindow {
    private final ReferenceProfile profile;
    private final Map<String, FeatureWindow> features;
    private long rows;

    public DriftWindow(ReferenceProfile profile) {
        if (profile == null) {
            throw new IllegalArgumentException("a reference profile is required");
        }
        this.profile = profile;
        Map<String, FeatureWindow> windows = new LinkedHashMap<>();
        for (FeatureProfile f : profile.features()) {
            windows.put(f.name(), f.isNumeric()
                    ? new NumericWindow(f.name(), f.numeric())
                    : new CategoricalWindow(f.name(), f.categorical()));
        }
        this.features = Collections.unmodifiableMap(windows);
    }

    public ReferenceProfile profile() {
        return profile;
    }

    /** The window of a feature, or null when the profile has no such feature. */
    public FeatureWindow feature(String name) {
        return features.get(name);
    }

    /** The numeric window of a feature; fails with a clear message when it is absent or categorical. */
    public NumericWindow numeric(String name) {
        if (features.get(name) instanceof NumericWindow w) {
            return w;
        }
        throw new IllegalArgumentException("feature " + name + " is not a numeric feature of this profile");
    }

    /** The categorical window of a feature; fails with a clear message when it is absent or numeric. */
    public CategoricalWindow categorical(String name) {
        if (features.get(name) instanceof CategoricalWindow w) {
            return w;
        }
        throw new IllegalArgumentException("feature " + name + " is not a categorical feature of this profile");
    }

    public Collection<FeatureWindow> features() {
        return features.values();
    }

    /** Counts rows (events) seen, whether or not each carried every feature. */
    public void addRows(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("rows must be >= 0, was " + n);
        }
        rows += n;
    }

    public long rows() {
        return rows;
    }

    /** Adds a window built on the same profile into this one. */
    public void merge(DriftWindow other) {
        if (other.profile != profile && !other.profile.equals(profile)) {
            throw new IllegalArgumentException("cannot merge windows built on different reference profiles");
        }
        for (FeatureWindow w : features.values()) {
            FeatureWindow o = other.features.get(w.name());
            if (w instanceof NumericWindow n) {
                n.merge((NumericWindow) o);
            } else {
                ((CategoricalWindow) w).merge((CategoricalWindow) o);
            }
        }
        rows += other.rows;
    }

    public void reset() {
        features.values().forEach(FeatureWindow::reset);
        rows = 0;
    }
}
