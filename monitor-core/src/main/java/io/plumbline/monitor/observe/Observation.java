package io.plumbline.monitor.observe;

import java.util.ArrayList;
import java.util.List;

/**
 * A prediction as the monitor sees it.
 *
 * @param model model name
 * @param version model version label
 * @param id event id (for logs; may be empty)
 * @param timestampMillis event time, epoch milliseconds
 * @param rows rows the request carried (the batch dimension)
 * @param columns one column per named feature, each {@code rows} long
 * @param violations profiled features the event sent in a tensor of the wrong shape (their values are
 *     counted as violations, the event's other features as usual)
 */
public record Observation(String model, String version, String id, long timestampMillis, int rows,
        List<Column> columns, List<FeatureViolation> violations) {
    public Observation {
        if (model == null || model.isEmpty() || version == null || version.isEmpty()) {
            throw new InvalidObservationException("an event needs a model and a version");
        }
        if (rows < 0) {
            throw new InvalidObservationException("rows must be >= 0, was " + rows);
        }
        id = id == null ? "" : id;
        columns = List.copyOf(columns);
        violations = List.copyOf(violations);
        for (Column c : columns) {
            if (c.length() != rows) {
                throw new InvalidObservationException("column " + c.name() + " has " + c.length() + " values for "
                        + rows + " rows");
            }
        }
    }

    public Observation(String model, String version, String id, long timestampMillis, int rows,
            List<Column> columns) {
        this(model, version, id, timestampMillis, rows, columns, List.of());
    }

    /**
     * The same prediction restricted to {@code rows} (a segment's share of a batch). A misshaped tensor
     * spoils every row it carried, so each violation covers all the selected rows.
     */
    public Observation select(int[] rows) {
        List<Column> selected = new ArrayList<>(columns.size());
        for (Column c : columns) {
            selected.add(c.select(rows));
        }
        List<FeatureViolation> spoiled = new ArrayList<>(violations.size());
        for (FeatureViolation v : violations) {
            spoiled.add(new FeatureViolation(v.feature(), v.kind(), rows.length));
        }
        return new Observation(model, version, id, timestampMillis, rows.length, selected, spoiled);
    }

    /** The key profiles and windows use: {@code model:version}. */
    public String modelVersion() {
        return ModelVersion.key(model, version);
    }
}
