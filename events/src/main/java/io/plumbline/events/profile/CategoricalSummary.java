package io.plumbline.events.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reference frequencies of a categorical feature (or a classifier's label output): the top K
 * categories by count, most frequent first, and the count of everything else under
 * {@link #OTHER}.
 *
 * @param categories count per kept category, in descending count order
 * @param other count of reference values outside the kept categories
 */
public record CategoricalSummary(Map<String, Long> categories, long other) {

    /** Name under which values outside the kept categories are counted. */
    public static final String OTHER = "__other__";

    public CategoricalSummary {
        if (categories == null) {
            throw new IllegalArgumentException("categories must be present (may be empty)");
        }
        if (other < 0) {
            throw new IllegalArgumentException("other must be >= 0, was " + other);
        }
        if (categories.containsKey(OTHER)) {
            throw new IllegalArgumentException("categories must not contain the reserved name " + OTHER);
        }
        for (Map.Entry<String, Long> e : categories.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException("categories[" + e.getKey() + "] must be a count >= 0, was "
                        + e.getValue());
            }
        }
        categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
    }

    /** Total reference count, kept categories plus other. */
    public long total() {
        long n = other;
        for (long c : categories.values()) {
            n += c;
        }
        return n;
    }
}
