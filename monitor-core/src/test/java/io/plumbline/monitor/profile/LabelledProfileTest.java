package io.plumbline.monitor.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.CalibrationMap;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.data.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiling reference data that holds the true label beside the model's probability columns. */
class LabelledProfileTest {
    @TempDir
    Path dir;

    private ReferenceProfile profile(List<String> lines, ColumnSpec spec) throws IOException {
        Path data = Files.write(dir.resolve("ref.csv"), lines);
        return new DatasetProfiler(ProfileOptions.defaults(), new Tables(), null).profile(data, spec);
    }

    /**
     * Twelve rows: ten scored no 0.1 / yes 0.9, of which seven are labelled yes (five by name, two by the
     * index 1) and three no; then one row without a label and one without a probability, both left out.
     */
    private static List<String> rows() {
        List<String> lines = new ArrayList<>(List.of("x,no,yes,y"));
        for (int i = 0; i < 10; i++) {
            lines.add(i + ",0.1,0.9," + (i < 5 ? "yes" : i < 7 ? "1" : "no"));
        }
        lines.add("10,0.1,0.9,");
        lines.add("11,,0.9,yes");
        return lines;
    }

    @Test
    void labelAndProbabilities_recordTheLabelAndFitTheCalibrationMap() throws IOException {
        ReferenceProfile p = profile(rows(), new ColumnSpec(List.of(), Set.of(), Set.of(), "y", List.of("no", "yes")));
        assertEquals(List.of("x", "no", "yes"), p.featureNames()); // the label is not a feature
        assertEquals(FeatureRole.INPUT, p.feature("x").orElseThrow().role());
        assertEquals(FeatureRole.OUTPUT, p.feature("yes").orElseThrow().role());
        assertEquals("y", p.label().column());
        assertEquals(List.of("no", "yes"), p.label().classes());
        CalibrationMap map = p.calibration();
        assertEquals(10, map.rows());
        // 7 of the 10 rows scored yes = 0.9 are yes: the model's 0.9 means 0.7.
        assertEquals(0.7, map.classes().get(1).apply(0.9), 1e-15);
        assertEquals(0.3, map.classes().get(0).apply(0.1), 1e-15);
        assertEquals(12, p.rows());
    }

    @Test
    void labelWithoutProbabilities_recordsTheColumnOnly() throws IOException {
        ReferenceProfile p = profile(List.of("x,y", "1,2.5", "2,3.5"),
                new ColumnSpec(List.of(), Set.of(), Set.of(), "y", List.of()));
        assertEquals(List.of("x"), p.featureNames());
        assertEquals("y", p.label().column());
        assertNull(p.calibration());
    }

    @Test
    void unknownLabel_isAnErrorNamingTheRow() {
        List<String> lines = new ArrayList<>(rows());
        lines.add("12,0.5,0.5,maybe");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> profile(lines, new ColumnSpec(List.of(), Set.of(), Set.of(), "y", List.of("no", "yes"))));
        assertTrue(e.getMessage().contains("row 13") && e.getMessage().contains("'maybe'"), e.getMessage());
    }

    @Test
    void probabilitiesWithoutALabel_orAMissingColumn_areRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ColumnSpec(List.of(), Set.of(), Set.of(), null, List.of("no", "yes")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> profile(rows(), new ColumnSpec(List.of(), Set.of(), Set.of(), "truth", List.of("no", "yes"))));
        assertTrue(e.getMessage().contains("truth"), e.getMessage());
    }
}
