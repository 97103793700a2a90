package io.plumbline.events.profile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Reference profile of one column: exactly one of {@code numeric} and {@code categorical} is present.
 *
 * @param name column or output name
 * @param role input feature or model output
 * @param count reference values that were usable (finite numbers, or non-empty categories)
 * @param missing reference rows without a usable value (empty, null, NaN, infinite or not a number)
 * @param numeric bins, mean and std for a numeric column
 * @param categorical category counts for a categorical column
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureProfile(
        String name, FeatureRole role, long count, long missing, NumericSummary numeric,
        CategoricalSummary categorical) {

    public FeatureProfile {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name must be a non-empty string");
        }
        if (role == null) {
            throw new IllegalArgumentException("role of " + name + " must be \"input\" or \"output\"");
        }
        if (count < 0 || missing < 0) {
            throw new IllegalArgumentException("count and missing of " + name + " must be >= 0");
        }
        if ((numeric == null) == (categorical == null)) {
            throw new IllegalArgumentException(name + " must have exactly one of \"numeric\" and \"categorical\"");
        }
        long binned = numeric != null ? numeric.total() : categorical.total();
        if (binned != count) {
            throw new IllegalArgumentException("count of " + name + " is " + count
                    + " but its bins or categories sum to " + binned);
        }
    }

    @JsonIgnore
    public boolean isNumeric() {
        return numeric != null;
    }

    /** Share of reference rows without a usable value. */
    @JsonIgnore
    public double missingShare() {
        long rows = count + missing;
        return rows == 0 ? 0 : (double) missing / rows;
    }
}
