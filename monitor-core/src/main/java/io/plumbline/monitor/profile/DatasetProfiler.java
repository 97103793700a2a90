package io.plumbline.monitor.profile;

import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.data.Cells;
import io.plumbline.monitor.data.TableReader;
import io.plumbline.monitor.data.Tables;
import io.plumbline.monitor.window.NumericWindow;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Profiles a CSV or JSON-lines file, streaming it two or three times: once to type the columns (a
 * column is numeric when every non-empty cell is a number, unless {@link ColumnSpec#categorical()}
 * names it), once to accumulate, and, only when a numeric column exceeded the exact limit, once more to
 * count values into the sampled edges. With a label column ({@link ColumnSpec#label()}) the second pass also
 * feeds {@link LabelColumn}, which fits the calibration map. Progress goes to the given stream every million
 * rows.
 */
public final class DatasetProfiler {
    static final long PROGRESS_EVERY = 1_000_000;

    private final ProfileOptions options;
    private final Tables tables;
    private final PrintStream progress;

    /** @param progress where progress lines go (stderr in the CLI), or null for none */
    public DatasetProfiler(ProfileOptions options, Tables tables, PrintStream progress) {
        this.options = options;
        this.tables = tables;
        this.progress = progress;
    }

    public ReferenceProfile profile(Path data, ColumnSpec spec) throws IOException {
        boolean[] numeric;
        List<String> header;
        int[] columns;
        try (TableReader reader = tables.open(data)) {
            header = reader.header();
            List<String> selected = spec.select(header);
            columns = selected.stream().mapToInt(header::indexOf).toArray();
            numeric = typeColumns(reader, columns, spec, header, data);
        }
        ProfileBuilder builder = new ProfileBuilder(options);
        for (int c = 0; c < columns.length; c++) {
            String name = header.get(columns[c]);
            FeatureRole role = spec.isOutput(name) ? FeatureRole.OUTPUT : FeatureRole.INPUT;
            if (numeric[c]) {
                builder.numeric(name, role);
            } else {
                builder.categorical(name, role);
            }
        }
        LabelColumn label = spec.label() == null ? null : new LabelColumn(spec.label(), spec.probabilities(), header);
        long rows = accumulate(data, header, columns, numeric, builder, label);
        builder.addRows(rows);
        if (builder.needsCountingPass()) {
            count(data, header, builder.countingWindows());
        }
        ReferenceProfile profile = builder.build();
        return label == null ? profile : profile.withLabel(label.info(), label.calibration());
    }

    private boolean[] typeColumns(TableReader reader, int[] columns, ColumnSpec spec, List<String> header, Path data)
            throws IOException {
        boolean[] numeric = new boolean[columns.length];
        for (int c = 0; c < columns.length; c++) {
            numeric[c] = !spec.categorical().contains(header.get(columns[c]));
        }
        String[] row;
        long rows = 0;
        while ((row = reader.next()) != null) {
            for (int c = 0; c < columns.length; c++) {
                String cell = row[columns[c]];
                if (numeric[c] && !Cells.isMissing(cell) && !Cells.isNumber(cell)) {
                    numeric[c] = false;
                }
            }
            report(data, "1 (typing columns)", ++rows);
        }
        return numeric;
    }

    private long accumulate(Path data, List<String> header, int[] columns, boolean[] numeric, ProfileBuilder builder,
            LabelColumn label) throws IOException {
        long rows = 0;
        try (TableReader reader = tables.open(data)) {
            String[] row;
            while ((row = reader.next()) != null) {
                for (int c = 0; c < columns.length; c++) {
                    String name = header.get(columns[c]);
                    String cell = row[columns[c]];
                    if (!numeric[c]) {
                        builder.add(name, Cells.isMissing(cell) ? null : cell.strip());
                    } else {
                        Double value = Cells.parse(cell);
                        if (value == null) {
                            builder.addMissing(name);
                        } else {
                            builder.add(name, value);
                        }
                    }
                }
                rows++;
                if (label != null) {
                    label.add(row, rows);
                }
                report(data, "2 (accumulating)", rows);
            }
        }
        return rows;
    }

    private void count(Path data, List<String> header, Map<String, NumericWindow> windows) throws IOException {
        try (TableReader reader = tables.open(data)) {
            int[] columns = windows.keySet().stream().mapToInt(header::indexOf).toArray();
            NumericWindow[] targets = windows.values().toArray(new NumericWindow[0]);
            String[] row;
            long rows = 0;
            while ((row = reader.next()) != null) {
                for (int c = 0; c < columns.length; c++) {
                    Double value = Cells.parse(row[columns[c]]);
                    if (value != null) {
                        targets[c].add(value);
                    }
                }
                report(data, "3 (counting sampled columns)", ++rows);
            }
        }
    }

    private void report(Path data, String pass, long rows) {
        if (progress != null && rows % PROGRESS_EVERY == 0) {
            progress.printf("profile %s: pass %s, %,d rows%n", data.getFileName(), pass, rows);
        }
    }
}
