package io.plumbline.events;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The RFC 3339 date-times of prediction events and feedback bodies. Writes them as
 * {@link DateTimeFormatter#ISO_INSTANT} does ({@link #format}), and reads them as
 * {@link OffsetDateTime#parse} does, with a shortcut for the form every Plumbline writer uses
 * ({@link CloudEventHeaders#rfc3339}: {@code 2025-03-01T12:00:00.123Z}, UTC, 0 to 9 fraction digits).
 * The formatter took a tenth of the Kafka monitor's time per JSON event. The shortcut takes only text it
 * can read exactly like the formatter (four-digit year, upper-case {@code T} and {@code Z}, seconds
 * present, a date and time that exist); anything else, valid or not, goes to {@link OffsetDateTime#parse},
 * so what is accepted and what is refused is unchanged.
 */
final class UtcTimestamp {
    private static final int SHORTEST = "2025-03-01T12:00:00Z".length();
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years {@link #format} writes itself. */
    private static final long FIRST_SECOND = -62_167_219_200L;
    private static final long LAST_SECOND = 253_402_300_799L;
    private static final int SECONDS_PER_DAY = 86_400;

    private UtcTimestamp() {
    }

    /**
     * The text {@link DateTimeFormatter#ISO_INSTANT} writes for {@code t}: UTC, a {@code Z}, and the
     * fraction in 0, 3, 6 or 9 digits, the fewest that keep every non-zero digit. Written here because the
     * formatter took about a fortieth of the serving thread's time with Kafka events on (every JSON event
     * writes its time twice: {@code ce_time} and the body's {@code timestamp}). Years outside 0000-9999
     * are left to the formatter.
     */
    static String format(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
            return DateTimeFormatter.ISO_INSTANT.format(t);
        }
        int nanos = t.getNano();
        int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
        char[] c = new char[SHORTEST + (fraction == 0 ? 0 : fraction + 1)];
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        put(c, 0, date.getYear(), 4);
        c[4] = '-';
        put(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        put(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, secondOfDay % 60, 2);
        if (fraction > 0) {
            c[19] = '.';
            put(c, 20, fraction == 3 ? nanos / 1_000_000 : fraction == 6 ? nanos / 1000 : nanos, fraction);
        }
        c[c.length - 1] = 'Z';
        return new String(c);
    }

    /** {@code value} as {@code length} decimal digits, zero-padded, at {@code from}. */
    private static void put(char[] c, int from, int value, int length) {
        for (int i = from + length - 1; i >= from; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** @throws java.time.format.DateTimeParseException when {@link OffsetDateTime#parse} would */
    static Instant parse(String text) {
        Instant fast = shortcut(text);
        return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
    }

    /** The instant of {@code text} in the writers' form, or null when it is in any other form or invalid. */
    static Instant shortcut(String text) {
        int n = text.length();
        if (n < SHORTEST || n > SHORTEST + 10 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int nanos = 0;
        if (n > SHORTEST) {
            // ".f" to ".fffffffff": a dot and 1 to 9 digits before the Z.
            int fraction = n - SHORTEST - 1;
            if (text.charAt(19) != '.' || fraction < 1) {
                return null;
            }
            int f = digits(text, 20, fraction);
            if (f < 0) {
                return null;
            }
            nanos = f;
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        try {
            return LocalDate.of(year, month, day).atTime(LocalTime.of(hour, minute, second, nanos))
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null; // no such date or time: the formatter words the refusal
        }
    }

    /** The decimal value of {@code length} ASCII digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(String text, int from, int length) {
        int v = 0;
        for (int i = from; i < from + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
