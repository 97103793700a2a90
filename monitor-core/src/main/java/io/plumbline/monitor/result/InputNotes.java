package io.plumbline.monitor.result;

import java.util.List;

/**
 * What reading the current data found besides values, as the JSON report lists it. A live window reads
 * no file and has {@link #NONE}.
 *
 * @param ignoredColumns columns the reference does not have
 * @param unselectedColumns reference columns left out by {@code --features}
 * @param absentFeatures profiled features the data lacks
 * @param malformedRows rows with the wrong cell count or bad JSON
 */
public record InputNotes(List<String> ignoredColumns, List<String> unselectedColumns, List<String> absentFeatures,
        long malformedRows) {
    public static final InputNotes NONE = new InputNotes(List.of(), List.of(), List.of(), 0);

    public InputNotes {
        ignoredColumns = List.copyOf(ignoredColumns);
        unselectedColumns = List.copyOf(unselectedColumns);
        absentFeatures = List.copyOf(absentFeatures);
    }
}
