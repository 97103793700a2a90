package io.plumbline.monitor.observe;

import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.events.profile.SegmentSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The segments a reference profile declares, resolved to their bounded value sets: a declaration's
 * {@code values}, or for a feature without them its {@code top} most frequent reference categories (the
 * profile keeps categories in descending count order). {@link #assign} gives each row of a prediction one
 * segment per declaration; anything outside the set, and a missing value, is {@link SegmentSpec#OTHER}.
 */
public final class Segments {
    /** A profile without segments. */
    public static final Segments NONE = new Segments(List.of(), List.of());

    private final List<SegmentSpec> specs;
    private final List<Set<String>> values;

    private Segments(List<SegmentSpec> specs, List<Set<String>> values) {
        this.specs = specs;
        this.values = values;
    }

    public static Segments of(ReferenceProfile profile) {
        if (profile.segments().isEmpty()) {
            return NONE;
        }
        List<Set<String>> values = new ArrayList<>();
        for (SegmentSpec s : profile.segments()) {
            values.add(s.values().isEmpty() ? top(profile, s) : Set.copyOf(s.values()));
        }
        return new Segments(profile.segments(), values);
    }

    private static Set<String> top(ReferenceProfile profile, SegmentSpec s) {
        FeatureProfile f = profile.feature(s.feature()).orElseThrow();
        Set<String> top = new HashSet<>();
        for (String category : f.categorical().categories().keySet()) {
            if (top.size() == s.topOrDefault()) {
                break;
            }
            // A reference category spelt like the catch-all would merge with it; leave it in "other".
            if (!category.equals(SegmentSpec.OTHER) && category.indexOf('\u0000') < 0) {
                top.add(category);
            }
        }
        return Set.copyOf(top);
    }

    public boolean isEmpty() {
        return specs.isEmpty();
    }

    /** The segment labels ({@code by=value}) of each row of {@code o}, one per declaration. */
    public RowSegments assign(Observation o, Map<String, Object> parameters) {
        if (specs.isEmpty()) {
            return RowSegments.NONE;
        }
        String[][] labels = new String[o.rows()][specs.size()];
        for (int d = 0; d < specs.size(); d++) {
            SegmentSpec s = specs.get(d);
            Set<String> known = values.get(d);
            if (s.parameter() != null) {
                String label = s.label(bounded(text(parameters.get(s.parameter())), known));
                for (String[] row : labels) {
                    row[d] = label;
                }
                continue;
            }
            Column c = column(o, s.feature());
            for (int r = 0; r < labels.length; r++) {
                String v = c == null ? null : c.labels() != null ? c.labels()[r] : WindowFeeder.category(c.numbers()[r]);
                labels[r][d] = s.label(bounded(v, known));
            }
        }
        return new RowSegments(labels);
    }

    private static String bounded(String value, Set<String> known) {
        return value != null && known.contains(value) ? value : SegmentSpec.OTHER;
    }

    /** A parameter's value as text: strings as they are, whole numbers without a fraction, else none. */
    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number n) {
            return WindowFeeder.category(n.doubleValue());
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        return null;
    }

    private static Column column(Observation o, String name) {
        for (Column c : o.columns()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
