package io.plumbline.serving.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScopeTest {
    @Test
    void patterns_narrowAGroupToModels() {
        Scope fraud = Scope.parse("infer:fraud-*");
        assertTrue(fraud.covers(Api.INFER, "fraud-eu"));
        assertTrue(fraud.covers(Api.INFER, "fraud-"));
        assertFalse(fraud.covers(Api.INFER, "weather"));
        assertFalse(fraud.covers(Api.INFER, "xfraud-eu"));
        assertFalse(fraud.covers(Api.READ, "fraud-eu"), "another group");
        assertFalse(fraud.covers(Api.INFER, null), "a model-less call needs the unrestricted scope");
        assertTrue(Scope.parse("read").covers(Api.READ, null));
        assertTrue(Scope.parse("read").covers(Api.READ, "anything"));
        assertTrue(Scope.parse("infer:weather").covers(Api.INFER, "weather"));
        assertFalse(Scope.parse("infer:weather").covers(Api.INFER, "weather2"));
    }

    @Test
    void glob_star_anywhere() {
        assertTrue(Scope.glob("*-eu", "fraud-eu"));
        assertTrue(Scope.glob("a*b*c", "a-b-b-c"));
        assertFalse(Scope.glob("a*b*c", "a-b-b-"));
        assertTrue(Scope.glob("**", ""));
        assertFalse(Scope.glob("a", ""));
    }

    @Test
    void unknownGroupsAndCharacters_areRefused() {
        assertEquals("scope 'infr:weather' does not start with one of infer, read, admin, probe, metrics",
                assertThrows(IllegalArgumentException.class, () -> Scope.parse("infr:weather")).getMessage());
        assertEquals("scope 'infer:../x': the model pattern may hold only letters, digits, '_', '.', '-' and '*'",
                assertThrows(IllegalArgumentException.class, () -> Scope.parse("infer:../x")).getMessage());
        assertEquals("infer:fraud-*", Scope.parse(" infer:fraud-* ").toString());
        assertEquals("admin", Scope.parse("admin:*").toString());
    }
}
