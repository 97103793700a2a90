package io.plumbline.monitor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Values worked by hand (the textbook examples of Levenshtein distance). */
class EditDistanceTest {

    @Test
    void textbookPairs() {
        assertEquals(3, EditDistance.between("kitten", "sitting")); // k->s, e->i, +g
        assertEquals(2, EditDistance.between("flaw", "lawn"));      // -f, +n
        assertEquals(3, EditDistance.between("", "abc"));
        assertEquals(0, EditDistance.between("SIZE", "SIZE"));
        assertEquals(1, EditDistance.between("PLUMBLINE_MONITOR_WINDOW_SIZ", "PLUMBLINE_MONITOR_WINDOW_SIZE"));
    }
}
