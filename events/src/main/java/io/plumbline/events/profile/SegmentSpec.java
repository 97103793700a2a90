package io.plumbline.events.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;

/**
 * One way to cut a model's traffic into segments, declared under {@code segments:} in {@code model.yaml}
 * and carried in the reference profile so the monitor service, which reads no registry, knows it too.
 * A segment is either a categorical input feature ({@code feature}) or a request parameter
 * ({@code parameter}, e.g. {@code tenant}). Its values are bounded: the declared {@code values}, or for a
 * feature without them its {@code top} most frequent reference categories; every other value (and a
 * missing one) falls into {@link #OTHER}. So one declaration adds at most {@code values + 1} windows per
 * model version and window, and the gauges at most that many series per metric.
 *
 * @param feature the categorical input feature to segment by, or null
 * @param parameter the request parameter to segment by, or null (exactly one of the two is set)
 * @param values the segments' values; required for a parameter, optional for a feature
 * @param top for a feature without {@code values}: how many reference categories become segments
 *     (default {@value #DEFAULT_TOP})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SegmentSpec(String feature, String parameter, List<String> values, Integer top) {

    /** The segment of values outside the declared ones. */
    public static final String OTHER = "other";
    public static final int DEFAULT_TOP = 20;
    /** The most values one declaration may name (so at most this plus one series per metric). */
    public static final int MAX_VALUES = 50;
    /** The most declarations per model. */
    public static final int MAX_SEGMENTS = 4;

    @JsonCreator
    public SegmentSpec(@JsonProperty("feature") String feature, @JsonProperty("parameter") String parameter,
            @JsonProperty("values") List<String> values, @JsonProperty("top") Integer top) {
        if ((feature == null) == (parameter == null)) {
            throw new IllegalArgumentException("a segment names exactly one of 'feature' or 'parameter'");
        }
        String by = feature != null ? feature : parameter;
        if (by.isEmpty() || by.indexOf('=') >= 0) {
            throw new IllegalArgumentException("a segment's " + (feature != null ? "feature" : "parameter")
                    + " must be a non-empty name without '=', was '" + by + "'");
        }
        values = values == null ? List.of() : List.copyOf(values);
        if (parameter != null && values.isEmpty()) {
            throw new IllegalArgumentException("segment by parameter '" + parameter + "' needs 'values' (a request "
                    + "parameter has no reference categories to take the top of), e.g. values: [acme, globex]");
        }
        if (values.size() > MAX_VALUES) {
            throw new IllegalArgumentException("segment '" + by + "' lists " + values.size()
                    + " values; at most " + MAX_VALUES + " are allowed (each is a series per metric)");
        }
        if (new HashSet<>(values).size() != values.size() || values.contains(OTHER) || values.contains("")
                || values.stream().anyMatch(v -> v.indexOf('\u0000') >= 0)) {
            throw new IllegalArgumentException("segment '" + by + "' values must be unique, non-empty and not '"
                    + OTHER + "', were " + values);
        }
        if (top != null && (!values.isEmpty() || parameter != null)) {
            throw new IllegalArgumentException("segment '" + by + "': 'top' applies only to a feature without values");
        }
        if (top != null && (top < 1 || top > MAX_VALUES)) {
            throw new IllegalArgumentException("segment '" + by + "': top must be between 1 and " + MAX_VALUES
                    + ", was " + top);
        }
        this.feature = feature;
        this.parameter = parameter;
        this.values = values;
        this.top = top;
    }

    /** The feature or parameter name. */
    @JsonIgnore
    public String by() {
        return feature != null ? feature : parameter;
    }

    /** How many reference categories a feature without values takes. */
    @JsonIgnore
    public int topOrDefault() {
        return top != null ? top : DEFAULT_TOP;
    }

    /** The label of one segment, as metrics and drift records show it: {@code by=value}. */
    public String label(String value) {
        return by() + "=" + value;
    }

    /** Checks a model's list of declarations: few enough, and no name declared twice. */
    public static List<SegmentSpec> checked(List<SegmentSpec> segments) {
        if (segments == null) {
            return List.of();
        }
        if (segments.size() > MAX_SEGMENTS) {
            throw new IllegalArgumentException("at most " + MAX_SEGMENTS + " segments may be declared, were "
                    + segments.size());
        }
        HashSet<String> seen = new HashSet<>();
        for (SegmentSpec s : segments) {
            if (s == null) {
                throw new IllegalArgumentException("segments must not contain null entries");
            }
            if (!seen.add(s.by())) {
                throw new IllegalArgumentException("segment '" + s.by() + "' is declared twice");
            }
        }
        return List.copyOf(segments);
    }
}
