package io.plumbline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class VersionPolicyTest {

    private static NavigableSet<Long> versions(long... vs) {
        TreeSet<Long> s = new TreeSet<>();
        for (long v : vs) {
            s.add(v);
        }
        return s;
    }

    @Test
    void latest1_selectsTheHighest() {
        assertEquals(versions(3), new VersionPolicy.Latest(1).select(versions(1, 2, 3)));
    }

    @Test
    void latest2_selectsTheTwoHighest() {
        assertEquals(versions(2, 3), new VersionPolicy.Latest(2).select(versions(1, 2, 3)));
    }

    @Test
    void latest_moreThanPresent_selectsAll() {
        assertEquals(versions(1, 2, 3), new VersionPolicy.Latest(5).select(versions(1, 2, 3)));
    }

    @Test
    void latest_usesNumericOrderNotLexical() {
        assertEquals(versions(10), new VersionPolicy.Latest(1).select(versions(2, 9, 10)));
    }

    @Test
    void latest_ofNothing_isEmpty() {
        assertTrue(new VersionPolicy.Latest(1).select(versions()).isEmpty());
    }

    @Test
    void latest_belowOne_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VersionPolicy.Latest(0));
        assertEquals("version-policy latest must be at least 1, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new VersionPolicy.Latest(-1));
    }

    @Test
    void all_selectsEveryVersion() {
        assertEquals(versions(1, 2, 3), new VersionPolicy.All().select(versions(1, 2, 3)));
    }

    @Test
    void specific_selectsThePresentSubset() {
        VersionPolicy p = new VersionPolicy.Specific(List.of(1L, 3L, 7L));
        assertEquals(versions(1, 3), p.select(versions(1, 2, 3)));
    }

    @Test
    void specific_nonepresent_isEmpty() {
        assertTrue(new VersionPolicy.Specific(Set.of(4L)).select(versions(1, 2, 3)).isEmpty());
    }

    @Test
    void select_doesNotModifyItsArgument() {
        NavigableSet<Long> available = versions(1, 2, 3);
        new VersionPolicy.Latest(1).select(available);
        new VersionPolicy.All().select(available).clear();
        new VersionPolicy.Specific(Set.of(2L)).select(available);
        assertEquals(versions(1, 2, 3), available);
    }

    @Test
    void specific_listAndSetConstructorsAreEqual() {
        assertEquals(new VersionPolicy.Specific(Set.of(1L, 3L)), new VersionPolicy.Specific(List.of(3L, 1L, 3L)));
    }
}
