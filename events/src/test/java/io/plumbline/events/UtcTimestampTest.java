package io.plumbline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shortcut reads exactly what {@link OffsetDateTime#parse} reads, and leaves the rest to it. */
class UtcTimestampTest {
    @Test
    void format_writesWhatIsoInstantWrites() {
        Random random = new Random(20261204);
        for (int i = 0; i < 50_000; i++) {
            // Years -1000 to 11000: inside 0000-9999 written here, outside left to the formatter.
            long seconds = Math.floorMod(random.nextLong(), 378_691_200_000L) - 93_724_128_000L;
            int nanos = switch (i % 5) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                case 3 -> random.nextInt(10) * 100_000_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            assertEquals(DateTimeFormatter.ISO_INSTANT.format(t), UtcTimestamp.format(t), t::toString);
        }
        List<Instant> edges = List.of(Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(-1, 999_999_999),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59.999Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("2024-02-29T23:59:59.000001Z"), Instant.parse("2026-12-03T23:20:05.659Z"),
                Instant.ofEpochSecond(0, 1), Instant.MIN, Instant.MAX);
        for (Instant t : edges) {
            assertEquals(DateTimeFormatter.ISO_INSTANT.format(t), UtcTimestamp.format(t), t::toString);
        }
        assertEquals("2026-12-03T23:20:05.659Z", CloudEventHeaders.rfc3339(Instant.parse("2026-12-03T23:20:05.659Z")));
    }

    @Test
    void writersForm_takesTheShortcut_withTheFormattersInstant() {
        Random random = new Random(20261203);
        for (int i = 0; i < 20_000; i++) {
            // Years 0000-9999, every fraction length ISO_INSTANT writes (none, 3, 6, 9 digits).
            long seconds = Math.floorMod(random.nextLong(), 253_402_300_800L) - 62_167_219_200L;
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            String text = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(seconds, nanos));
            Instant fast = UtcTimestamp.shortcut(text);
            assertNotNull(fast, text);
            assertEquals(OffsetDateTime.parse(text).toInstant(), fast, text);
        }
        assertEquals(Instant.parse("2025-03-01T12:00:00.100Z"), UtcTimestamp.shortcut("2025-03-01T12:00:00.1Z"));
        assertEquals(Instant.parse("2025-03-01T12:00:00.123456780Z"),
                UtcTimestamp.shortcut("2025-03-01T12:00:00.12345678Z"));
    }

    @Test
    void otherForms_andInvalidOnes_areReadOrRefusedAsTheFormatterDoes() {
        List<String> texts = List.of("2025-03-01T12:00:00+02:00", "2025-03-01t12:00:00z", "2025-03-01T12:00Z",
                "2024-02-29T00:00:00Z", "2025-02-29T00:00:00Z", "2025-04-31T00:00:00Z", "2025-13-01T00:00:00Z",
                "2025-03-01T24:00:00Z", "2025-03-01T12:60:00Z", "2025-03-01T12:00:60Z", "2025-03-01T12:00:00.Z",
                "2025-03-01T12:00:00.1234567891Z", "2025-03-01T12:00:00,5Z", "2025-03-01 12:00:00Z",
                "+2025-03-01T12:00:00Z", "12025-03-01T12:00:00Z", "2025-3-01T12:00:00Z", "2025-03-01T12:00:0aZ",
                "0000-01-01T00:00:00Z", "2025-03-01T12:00:00.123-00:00", "", "Z", "2025-03-01T12:00:00Z ");
        for (String text : texts) {
            String expected;
            try {
                expected = OffsetDateTime.parse(text).toInstant().toString();
            } catch (DateTimeParseException e) {
                expected = "refused: " + e.getMessage();
            }
            String actual;
            try {
                actual = UtcTimestamp.parse(text).toString();
            } catch (DateTimeParseException e) {
                actual = "refused: " + e.getMessage();
            }
            assertEquals(expected, actual, text);
        }
    }
}
