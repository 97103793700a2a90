package io.plumbline.monitor.cli;

import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.data.Cells;
import io.plumbline.monitor.data.TableReader;
import io.plumbline.monitor.data.Tables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names the categories of the current file that the reference never saw, for the HTML report. The window
 * only counts them (its memory must not grow with traffic), so this is a second pass over the file,
 * done only for {@code --format html}. At most {@link #LIMIT} distinct names per feature are tallied; a
 * column of ids would otherwise keep every row.
 */
final class UnseenCategories {
    static final int LIMIT = 10_000;

    private UnseenCategories() {
    }

    static Map<String, Map<String, Long>> collect(Tables tables, Path file, ReferenceProfile profile)
            throws IOException {
        Map<String, Map<String, Long>> unseen = new LinkedHashMap<>();
        try (TableReader reader = tables.open(file)) {
            List<String> header = reader.header();
            List<Integer> columns = new ArrayList<>();
            List<Set<String>> known = new ArrayList<>();
            List<Map<String, Long>> tallies = new ArrayList<>();
            for (FeatureProfile f : profile.features()) {
                int c = header.indexOf(f.name());
                if (!f.isNumeric() && c >= 0) {
                    Map<String, Long> tally = new HashMap<>();
                    unseen.put(f.name(), tally);
                    columns.add(c);
                    known.add(f.categorical().categories().keySet());
                    tallies.add(tally);
                }
            }
            if (columns.isEmpty()) {
                return unseen;
            }
            String[] row;
            while ((row = reader.next()) != null) {
                for (int i = 0; i < columns.size(); i++) {
                    String cell = row[columns.get(i)];
                    if (Cells.isMissing(cell)) {
                        continue;
                    }
                    String value = cell.strip();
                    Map<String, Long> tally = tallies.get(i);
                    if (!known.get(i).contains(value) && (tally.containsKey(value) || tally.size() < LIMIT)) {
                        tally.merge(value, 1L, Long::sum);
                    }
                }
            }
        }
        return unseen;
    }
}
