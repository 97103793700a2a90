package io.plumbline.monitor.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plumbline.events.profile.CategoricalSummary;
import io.plumbline.events.profile.NumericSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data-quality counts of a window, by hand on a few values each. */
class DataQualityCountsTest {
    // Reference minimum 1 and maximum 4: the profile's first edge is nextDown(min), its last the max.
    private final NumericSummary range = new NumericSummary(2.5, 1, new double[] {Math.nextDown(1.0), 2, 4},
            new long[] {2, 2});
    private final CategoricalSummary categories = new CategoricalSummary(new LinkedHashMap<>(Map.of("a", 5L, "b", 3L)), 0);

    @Test
    void numeric_missingNanOutOfRangeAndViolations() {
        NumericWindow w = new NumericWindow("x", range);
        // The reference's own min and max are in range; 0.999 and 4.0001 are not.
        for (double v : new double[] {1.0, 4.0, 0.999, 4.0001, Double.NaN, Double.POSITIVE_INFINITY}) {
            w.add(v);
        }
        w.addMissing();
        w.addInvalid();
        w.addViolation(Violation.SHAPE, 3);
        // usable 4 (1.0, 4.0, 0.999, 4.0001); out of range 2 of them, one each side;
        // invalid: NaN + Inf + 1 text + 3 shape = 6; missing 1; values 4 + 1 + 6 = 11;
        // missing-or-NaN 1 + 1 = 2.
        assertEquals(4, w.count());
        assertEquals(2, w.outOfRange());
        assertEquals(1, w.countAt(0));
        assertEquals(1, w.countAt(w.slots() - 1));
        assertEquals(1, w.nan());
        assertEquals(6, w.invalid());
        assertEquals(1, w.missing());
        assertEquals(11, w.values());
        assertEquals(2, w.missingOrNaN());
        assertEquals(1, w.violations(Violation.TYPE));
        assertEquals(3, w.violations(Violation.SHAPE));

        NumericWindow other = new NumericWindow("x", range);
        other.add(Double.NaN);
        other.addViolation(Violation.SHAPE, 2);
        w.merge(other);
        // merged: nan 1 + 1, shape 3 + 2, invalid 6 + 3, values 11 + 3
        assertEquals(2, w.nan());
        assertEquals(5, w.violations(Violation.SHAPE));
        assertEquals(9, w.invalid());
        assertEquals(14, w.values());
        w.reset();
        assertEquals(0, w.nan() + w.violations(Violation.SHAPE) + w.violations(Violation.TYPE) + w.values());
    }

    @Test
    void categorical_unseenNamesAndViolations() {
        CategoricalWindow w = new CategoricalWindow("c", categories);
        for (String v : new String[] {"a", "zz", "b", "zz", "y", "", "zz", null}) {
            w.add(v);
        }
        w.addViolation(Violation.SHAPE, 4);
        // usable 6 (a, zz, b, zz, y, zz); unseen 4 (zz x3, y); missing 2 ("" and null);
        // invalid 4 (shape); values 6 + 2 + 4 = 12.
        assertEquals(6, w.count());
        assertEquals(4, w.unseen());
        assertEquals(2, w.missing());
        assertEquals(4, w.invalid());
        assertEquals(12, w.values());
        assertEquals(List.of(Map.entry("zz", 3L), Map.entry("y", 1L)), w.topUnseen());
        assertEquals(0, w.topUnseenError());

        CategoricalWindow other = new CategoricalWindow("c", categories);
        other.add("y");
        other.add("y");
        other.add("y");
        w.merge(other);
        // merged: y 1 + 3 = 4 overtakes zz 3
        assertEquals(List.of(Map.entry("y", 4L), Map.entry("zz", 3L)), w.topUnseen());
        assertEquals(7, w.unseen());
        w.reset();
        assertEquals(List.of(), w.topUnseen());
        assertEquals(0, w.invalid());
    }
}
