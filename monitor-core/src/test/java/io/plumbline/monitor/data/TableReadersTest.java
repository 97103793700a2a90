package io.plumbline.monitor.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReadersTest {
    @TempDir
    Path dir;

    @Test
    void csv_quotedFieldsAndShortRows() throws IOException {
        Path file = Files.writeString(dir.resolve("a.csv"), "a,b,c\n1,\"x, \"\"y\"\"\",3\n\n4,5\n\"multi\nline\",6,7\n");
        try (TableReader r = new Tables().open(file)) {
            assertEquals(List.of("a", "b", "c"), r.header());
            assertArrayEquals(new String[] {"1", "x, \"y\"", "3"}, r.next());
            assertArrayEquals(new String[] {"4", "5", null}, r.next());
            assertArrayEquals(new String[] {"multi\nline", "6", "7"}, r.next());
            assertNull(r.next());
            assertEquals(1, r.malformedRows());
        }
    }

    @Test
    void jsonLines_unionOfKeysAndBadLinesCounted() throws IOException {
        Path file = Files.writeString(dir.resolve("a.jsonl"),
                "{\"x\": 1.5, \"c\": \"a\"}\nnot json\n{\"x\": null, \"d\": true}\n[1,2]\n");
        try (TableReader r = new Tables().open(file)) {
            assertEquals(List.of("x", "c", "d"), r.header());
            assertArrayEquals(new String[] {"1.5", "a", null}, r.next());
            assertArrayEquals(new String[] {null, null, "true"}, r.next());
            assertNull(r.next());
            assertEquals(2, r.malformedRows());
        }
    }

    @Test
    void cells_numbersNonFiniteAndText() {
        assertEquals(2.5, Cells.parse(" 2.5 "));
        assertEquals(-1e-3, Cells.parse("-1e-3"));
        assertTrue(Double.isNaN(Cells.parse("nan")));
        assertEquals(Double.NEGATIVE_INFINITY, Cells.parse("-inf"));
        assertEquals(Double.POSITIVE_INFINITY, Cells.parse("Infinity"));
        assertNull(Cells.parse("1d"));
        assertNull(Cells.parse("0x10"));
        assertNull(Cells.parse("rain"));
        assertNull(Cells.parse(""));
        assertTrue(Cells.isMissing("  "));
    }
}
