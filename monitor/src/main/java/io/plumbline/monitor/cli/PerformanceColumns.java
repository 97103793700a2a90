package io.plumbline.monitor.cli;

import io.plumbline.events.FeedbackRecord;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.data.Cells;
import io.plumbline.monitor.quality.WindowPerformance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The current data's model columns, for the report's performance section: the model's outputs (a
 * classifier's probability columns, named after its classes; a regressor's one numeric output) and, when
 * there is one, the label column. Every row with the outputs is a prediction ({@link WindowPerformance#predicted},
 * estimated through the profile's calibration map); every row with a non-empty label is also scored against
 * it. The label is a class name or a class index (a regressor's: a number); anything else is unscorable,
 * counted as the live monitor counts feedback it cannot score. An empty label cell is a row not labelled yet.
 */
final class PerformanceColumns {
    private static final Instant TIME = Instant.EPOCH;

    private final WindowPerformance performance;
    private final List<String> outputs;
    private final int[] outputIndex;
    private final String label;
    private final int labelIndex;
    private long row;

    private PerformanceColumns(WindowPerformance performance, List<String> outputs, List<String> header, String label) {
        this.performance = performance;
        this.outputs = List.copyOf(outputs);
        this.outputIndex = outputs.stream().mapToInt(header::indexOf).toArray();
        this.label = label;
        this.labelIndex = label == null ? -1 : header.indexOf(label);
    }

    /**
     * The columns of {@code header} to score, or null when it holds neither the model's outputs nor a label
     * column (no performance section then).
     *
     * @param labels the {@code --labels} option, or null: then the profile's label column when present
     */
    static PerformanceColumns resolve(ReferenceProfile profile, WindowPerformance performance, List<String> header,
            String labels) throws UsageException {
        if (labels != null && !header.contains(labels)) {
            throw new UsageException("report: --labels " + labels + " is not a column of the current data; it has "
                    + header);
        }
        String label = labels != null ? labels
                : profile.label() != null && header.contains(profile.label().column()) ? profile.label().column() : null;
        List<String> outputs = outputs(profile, performance);
        List<String> missing = outputs.stream().filter(o -> !header.contains(o)).toList();
        if (outputs.isEmpty() || !missing.isEmpty()) {
            if (label == null) {
                return null;
            }
            throw new UsageException("report: scoring the label column " + label + " needs the model's outputs in "
                    + "the current data" + (outputs.isEmpty()
                            ? ", and the reference names none (profile it with --outputs or --probabilities)"
                            : "; missing: " + missing));
        }
        return new PerformanceColumns(performance, outputs, header, label);
    }

    /** A classifier's outputs are its classes' columns; a regressor's, its one numeric output feature. */
    private static List<String> outputs(ReferenceProfile profile, WindowPerformance performance) {
        if (!performance.classes().isEmpty()) {
            return performance.classes();
        }
        List<String> numeric = new ArrayList<>();
        for (FeatureProfile f : profile.features()) {
            if (f.role() == FeatureRole.OUTPUT && f.isNumeric()) {
                numeric.add(f.name());
            }
        }
        return numeric.size() == 1 ? numeric : List.of();
    }

    /** The columns read here, which are therefore not "ignored". */
    Set<String> columns() {
        Set<String> all = new LinkedHashSet<>(outputs);
        if (label != null) {
            all.add(label);
        }
        return all;
    }

    List<String> outputs() {
        return outputs;
    }

    /** The label column, or null when the current data has none. */
    String label() {
        return label;
    }

    void add(String[] cells) {
        row++;
        double[] values = new double[outputIndex.length];
        for (int k = 0; k < values.length; k++) {
            Double v = Cells.parse(cells[outputIndex[k]]);
            values[k] = v == null ? Double.NaN : v;
        }
        performance.predicted(values);
        if (labelIndex >= 0 && !Cells.isMissing(cells[labelIndex])) {
            performance.score(values, null, truth(cells[labelIndex].strip()));
        }
    }

    /**
     * The cell as the feedback record the live monitor would get: a class name, else a whole number as a
     * class index; a regressor's finite number as its target. What is neither stays a label, which
     * {@link WindowPerformance#score} counts as unscorable.
     */
    private FeedbackRecord truth(String cell) {
        String id = "row " + row;
        if (performance.classes().isEmpty()) {
            Double target = Cells.parse(cell);
            return target != null && Double.isFinite(target)
                    ? FeedbackRecord.ofTarget("report", "", id, target, TIME)
                    : FeedbackRecord.ofLabel("report", "", id, cell, -1, TIME);
        }
        int index = -1;
        if (!performance.classes().contains(cell)) {
            try {
                index = Math.max(-1, Integer.parseInt(cell));
            } catch (NumberFormatException e) {
                index = -1;
            }
        }
        return FeedbackRecord.ofLabel("report", "", id, cell, index, TIME);
    }
}
