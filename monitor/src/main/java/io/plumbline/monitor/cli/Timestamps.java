package io.plumbline.monitor.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The cells of {@code report --time-column}: ISO-8601 dates ({@code 2014-07-01}, the demo data's
 * {@code date} column, read as midnight UTC), date-times with an offset or {@code Z}
 * ({@code 2014-07-01T12:00:00+02:00}), local date-times (read as UTC; a space may stand for the
 * {@code T}), or epoch numbers: seconds, or milliseconds from 1e11 on (1e11 seconds is the year 5138,
 * 1e11 milliseconds 1973, so no real timestamp is ambiguous).
 */
final class Timestamps {
    static final String FORMATS = "an ISO-8601 date or date-time such as 2014-07-01 or 2014-07-01T12:00:00Z,"
            + " or epoch seconds or milliseconds";
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");
    private static final double MILLIS_FROM = 1e11;

    private Timestamps() {
    }

    /** Epoch milliseconds of {@code cell}, or null when it is none of the accepted forms. */
    static Long parse(String cell) {
        String s = cell.strip();
        if (NUMBER.matcher(s).matches()) {
            double v = Double.parseDouble(s);
            double millis = Math.abs(v) >= MILLIS_FROM ? v : v * 1000;
            return Math.abs(millis) < 1e17 ? (long) Math.floor(millis) : null;
        }
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            String t = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
            if (t.endsWith("Z") || t.endsWith("z")) {
                return Instant.parse(t.substring(0, t.length() - 1) + "Z").toEpochMilli();
            }
            try {
                return OffsetDateTime.parse(t).toInstant().toEpochMilli();
            } catch (DateTimeParseException noOffset) {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
