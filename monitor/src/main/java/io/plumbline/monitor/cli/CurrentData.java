package io.plumbline.monitor.cli;

import io.plumbline.monitor.data.Cells;
import io.plumbline.monitor.data.TableReader;
import io.plumbline.monitor.data.Tables;
import io.plumbline.monitor.window.CategoricalWindow;
import io.plumbline.monitor.window.DriftWindow;
import io.plumbline.monitor.window.FeatureWindow;
import io.plumbline.monitor.window.NumericWindow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Feeds a current-data file into a {@link DriftWindow}. Columns the profile does not know are ignored
 * and listed, apart by whether the reference has them (left out by {@code --features}) or not; profiled
 * features absent from the file are listed and get an empty window (insufficient
 * data). In numeric columns empty cells count as missing, NaN and infinities as invalid (non-finite),
 * and text as invalid. The model's output and label columns, when scored ({@link PerformanceColumns}), are
 * read for the performance section and so are not listed as ignored; nor is the time column of
 * {@code --time-column}, whose rows go to their time window's counts ({@link TimeSlices}), which add up to
 * the whole file's.
 */
final class CurrentData {

    /** What reading the file found besides values. */
    record Summary(long rows, long malformedRows, List<String> unknownColumns, List<String> unselectedColumns,
            List<String> absentFeatures) {
    }

    /**
     * Reads {@code file} into {@code window}; {@code referenceColumns} are all the columns of the
     * reference, profiled or not, so that a column left out by {@code --features} is not reported as
     * missing from the reference. {@code performance} (null: none) gets every row too. With {@code slices}
     * (null: none) each row is counted in its time window, and those are added into {@code window} at the end.
     */
    static Summary read(Tables tables, Path file, DriftWindow window, Set<String> referenceColumns,
            PerformanceColumns performance, TimeSlices slices) throws IOException, UsageException {
        Set<String> scored = new HashSet<>(performance == null ? Set.of() : performance.columns());
        if (slices != null) {
            scored.add(slices.column());
        }
        try (TableReader reader = tables.open(file)) {
            List<String> header = reader.header();
            List<String> unknown = new ArrayList<>();
            List<String> unselected = new ArrayList<>();
            List<FeatureWindow> targets = new ArrayList<>();
            List<Integer> columns = new ArrayList<>();
            for (int c = 0; c < header.size(); c++) {
                FeatureWindow w = window.feature(header.get(c));
                if (w == null) {
                    if (scored.contains(header.get(c))) {
                        continue;
                    }
                    (referenceColumns.contains(header.get(c)) ? unselected : unknown).add(header.get(c));
                } else {
                    targets.add(w);
                    columns.add(c);
                }
            }
            List<String> absent = new ArrayList<>();
            for (FeatureWindow w : window.features()) {
                if (!header.contains(w.name())) {
                    absent.add(w.name());
                }
            }
            List<String> names = targets.stream().map(FeatureWindow::name).toList();
            FeatureWindow[] whole = targets.toArray(FeatureWindow[]::new);
            String[] row;
            long rows = 0;
            while ((row = reader.next()) != null) {
                rows++;
                FeatureWindow[] into = slices == null ? whole : slices.targets(row, rows, names);
                for (int i = 0; i < into.length; i++) {
                    add(into[i], row[columns.get(i)]);
                }
                if (performance != null) {
                    performance.add(row);
                }
            }
            if (slices == null) {
                window.addRows(rows);
            } else {
                slices.mergeInto(window);
            }
            return new Summary(rows, reader.malformedRows(), unknown, unselected, absent);
        }
    }

    private static void add(FeatureWindow window, String cell) {
        if (window instanceof CategoricalWindow c) {
            c.add(Cells.isMissing(cell) ? null : cell.strip());
            return;
        }
        NumericWindow n = (NumericWindow) window;
        if (Cells.isMissing(cell)) {
            n.addMissing();
            return;
        }
        Double value = Cells.parse(cell);
        if (value == null) {
            n.addInvalid();
        } else {
            n.add(value);
        }
    }
}
