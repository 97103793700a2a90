package io.plumbline.monitor.profile;

import io.plumbline.events.profile.CategoricalSummary;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts one categorical reference feature. Up to {@code maxDistinct} categories are counted exactly;
 * categories first seen after that are counted as other, which bounds memory on ID-like columns (and
 * such a column's top K is then only as good as its first {@code maxDistinct} distinct values).
 */
final class CategoryAccumulator {
    private final String name;
    private final FeatureRole role;
    private final int topK;
    private final int maxDistinct;
    private final Map<String, long[]> counts = new HashMap<>();
    private long overflow;
    private long count;
    private long missing;

    CategoryAccumulator(String name, FeatureRole role, ProfileOptions options) {
        this.name = name;
        this.role = role;
        this.topK = options.topK();
        this.maxDistinct = options.maxDistinct();
    }

    void add(String value) {
        if (value == null || value.isEmpty()) {
            missing++;
            return;
        }
        count++;
        long[] c = counts.get(value);
        if (c != null) {
            c[0]++;
        } else if (counts.size() < maxDistinct) {
            counts.put(value, new long[] {1});
        } else {
            overflow++;
        }
    }

    void addMissing() {
        missing++;
    }

    /** Top K by count, ties broken by name so the profile is reproducible. */
    FeatureProfile build() {
        List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> a.getValue()[0] != b.getValue()[0]
                ? Long.compare(b.getValue()[0], a.getValue()[0])
                : a.getKey().compareTo(b.getKey()));
        Map<String, Long> kept = new LinkedHashMap<>();
        long other = overflow;
        for (int i = 0; i < entries.size(); i++) {
            Map.Entry<String, long[]> e = entries.get(i);
            if (i < topK && !CategoricalSummary.OTHER.equals(e.getKey())) {
                kept.put(e.getKey(), e.getValue()[0]);
            } else {
                other += e.getValue()[0];
            }
        }
        return new FeatureProfile(name, role, count, missing, null, new CategoricalSummary(kept, other));
    }
}
