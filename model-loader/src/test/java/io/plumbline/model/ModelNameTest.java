package io.plumbline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"weather", "a", "A-Z_09", "model.v2", "x-y_z.1", "-leading-dash", "a.b.c", "a."})
    void isValid_acceptsAllowedCharacters(String name) {
        assertTrue(ModelName.isValid(name), name);
        assertSame(name, ModelName.requireValid("model", name));
    }

    @Test
    void isValid_accepts128Characters() {
        assertTrue(ModelName.isValid("a".repeat(128)));
    }

    @Test
    void isValid_refuses129Characters() {
        assertFalse(ModelName.isValid("a".repeat(129)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../etc", "a/b", "a\\b", "a..b", "..a", "a..", "/abs",
            "a%2Fb", "%2e%2e", "..%2F", "a b", " a", "a\t", "a:b", "a*b", "a?b", "~user"})
    void isValid_refusesPathsAndPunctuation(String name) {
        assertFalse(ModelName.isValid(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\nb", "a\rb", "\u001b[31m", "a\u007fb", "caf\u00e9", "\u043c\u043e\u0434",
            "a\u2215b", "\uFF0E\uFF0E", "\uD83D\uDE00", "a\u200Bb"})
    void isValid_refusesControlAndNonAsciiCharacters(String name) {
        assertFalse(ModelName.isValid(name), ModelName.printable(name));
    }

    @Test
    void isValid_refusesNull() {
        assertFalse(ModelName.isValid(null));
    }

    @Test
    void requireValid_throwsInvalidNameExceptionNamingWhatAndTheRule() {
        InvalidNameException e = assertThrows(InvalidNameException.class,
                () -> ModelName.requireValid("model", "../etc"));
        assertTrue(e.getMessage().startsWith("model name '../etc' is invalid"), e.getMessage());
        assertTrue(e.getMessage().contains("1-128 characters"), e.getMessage());
        assertTrue(e.getMessage().contains("no '..'"), e.getMessage());
    }

    @Test
    void requireValid_usesTheGivenNoun() {
        InvalidNameException e = assertThrows(InvalidNameException.class,
                () -> ModelName.requireValid("alias", "a/b"));
        assertTrue(e.getMessage().startsWith("alias name 'a/b'"), e.getMessage());
    }

    @Test
    void requireValid_escapesControlCharactersInItsMessage() {
        InvalidNameException e = assertThrows(InvalidNameException.class,
                () -> ModelName.requireValid("model", "x\nINFO forged line"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("'x\\u000aINFO forged line'"), e.getMessage());
    }

    @Test
    void requireValid_nullIsInvalid() {
        InvalidNameException e = assertThrows(InvalidNameException.class, () -> ModelName.requireValid("model", null));
        assertTrue(e.getMessage().contains("'null'"), e.getMessage());
    }

    @Test
    void invalidNameException_isAnIllegalArgumentException() {
        assertTrue(IllegalArgumentException.class.isAssignableFrom(InvalidNameException.class));
    }

    @Test
    void printable_escapesControlCharacters() {
        assertEquals("a\\u0000b\\u000a\\u000d\\u001b\\u007f", ModelName.printable("a\u0000b\n\r\u001b\u007f"));
        assertEquals("tab\\u0009", ModelName.printable("tab\t"));
    }

    @Test
    void printable_keepsOrdinaryAndNonAsciiText() {
        assertEquals("weather", ModelName.printable("weather"));
        assertEquals("../etc/passwd", ModelName.printable("../etc/passwd"));
        assertEquals("caf\u00e9 \u2603", ModelName.printable("caf\u00e9 \u2603"));
    }

    @Test
    void printable_null() {
        assertEquals("null", ModelName.printable(null));
    }

    @Test
    void printable_truncatesLongNamesAt128Characters() {
        String out = ModelName.printable("b".repeat(1000));
        assertEquals("b".repeat(128) + "...", out);
        assertEquals("c".repeat(128), ModelName.printable("c".repeat(128)));
    }
}
