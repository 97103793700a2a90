package io.plumbline.monitor.window;

import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.quality.WindowPerformance;
import io.plumbline.monitor.trace.TraceSample;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One window of live traffic for a whole reference profile: a {@link FeatureWindow} per profiled
 * feature and output, in profile order, the number of rows (events) seen, and the model's quality in the
 * window ({@link WindowPerformance}: predictions, realised performance of those labelled, estimated
 * performance), and a {@link TraceSample} of its traced events. Built once per profile and reused with
 * {@link #reset()}, so steady-state counting allocates nothing.
 */
public final class DriftWindow {
    private final ReferenceProfile profile;
    private final Map<String, FeatureWindow> features;
    private final WindowPerformance performance;
    private final TraceSample trace = new TraceSample();
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
        this.performance = WindowPerformance.of(profile, numericOutputs(profile));
    }

    /** The numeric outputs' names in profile order: a classifier's classes unless the label names them. */
    private static List<String> numericOutputs(ReferenceProfile profile) {
        List<String> names = new ArrayList<>();
        for (FeatureProfile f : profile.features()) {
            if (f.role() == FeatureRole.OUTPUT && f.isNumeric()) {
                names.add(f.name());
            }
        }
        return names;
    }

    /** The model's quality in this window. */
    public WindowPerformance performance() {
        return performance;
    }

    /** The window's traced events: their count and an example's trace context and request id. */
    public TraceSample trace() {
        return trace;
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
        performance.merge(other.performance);
        trace.merge(other.trace);
    }

    public void reset() {
        features.values().forEach(FeatureWindow::reset);
        performance.reset();
        trace.reset();
        rows = 0;
    }
}
