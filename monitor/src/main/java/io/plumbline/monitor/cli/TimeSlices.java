package io.plumbline.monitor.cli;

import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.data.Cells;
import io.plumbline.monitor.drift.DriftAnalyzer;
import io.plumbline.monitor.drift.DriftReport;
import io.plumbline.monitor.window.DriftWindow;
import io.plumbline.monitor.window.FeatureWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code report --time-column C --window 1d}: the current rows cut into tumbling windows by their
 * timestamp, each counted into its own {@link DriftWindow} and analysed by the same {@link DriftAnalyzer}
 * as the whole file (the correction runs across the features of each window, as in the live monitor).
 * The whole file's window is the sum of these ({@link #mergeInto}), so the rows are read once.
 *
 * <p>Windows of whole days start at midnight UTC of the first row's day (a file of 2014 in 30-day windows
 * starts on 2014-01-01), shorter ones on multiples of their length since the epoch, like the live
 * monitor's. Rows before the first row's window (an unsorted file) fall into earlier windows. Memory:
 * one window of counts per time window, so their number is capped at {@value #MAX_WINDOWS}.
 */
final class TimeSlices {
    static final int MAX_WINDOWS = 1000;
    private static final Pattern LENGTH = Pattern.compile("(\\d+)\\s*(s|m|h|d|w)");
    private static final long DAY = Duration.ofDays(1).toMillis();

    /** One analysed time window: [start, end) and its report. */
    record Slice(Instant start, Instant end, DriftReport report) {
    }

    /** Every time window's report, in time order, with the options that cut them. */
    record OverTime(String column, String length, List<Slice> slices) {
    }

    private record Counts(DriftWindow window, FeatureWindow[] targets) {
    }

    private final ReferenceProfile profile;
    private final String column;
    private final int index;
    private final String length;
    private final long size;
    private final Map<Long, Counts> windows = new TreeMap<>();
    private Long origin;

    private TimeSlices(ReferenceProfile profile, String column, int index, String length, long size) {
        this.profile = profile;
        this.column = column;
        this.index = index;
        this.length = length;
        this.size = size;
    }

    /** The slicing the options ask for, or null without {@code --time-column}. */
    static TimeSlices of(Arguments a, ReferenceProfile profile, List<String> header, String file) throws UsageException {
        if (!a.has("time-column")) {
            if (a.has("window")) {
                throw new UsageException("report: --window needs --time-column (the column holding each row's time)");
            }
            return null;
        }
        String column = a.text("time-column", "");
        int index = header.indexOf(column);
        if (index < 0) {
            throw new UsageException("report: --time-column '" + column + "' is not a column of " + file
                    + "; its columns are " + header);
        }
        String length = a.text("window", "1d").strip();
        return new TimeSlices(profile, column, index, length, millis(length));
    }

    /** The window length in milliseconds: {@code 1d}, {@code 7d}, {@code 2w}, {@code 1h}, {@code 30m}, ISO-8601 {@code P1D}. */
    static long millis(String text) throws UsageException {
        String problem = "report: --window must be a positive length such as 1d, 7d, 2w, 1h or 30m (or ISO-8601 such"
                + " as P1D), at least 1s; was '" + text + "'";
        Matcher m = LENGTH.matcher(text.toLowerCase(Locale.ROOT));
        Duration d;
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n);
                };
            } else {
                d = Duration.parse(text.toUpperCase(Locale.ROOT));
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new UsageException(problem);
        }
        if (d.getSeconds() < 1) {
            throw new UsageException(problem);
        }
        return d.toMillis();
    }

    String column() {
        return column;
    }

    /** The {@code --window} text as given ({@code 30d}). */
    String length() {
        return length;
    }

    /**
     * The windows of a row's time window for the features {@code names} (in that order), counting the row
     * there. {@code row} is the 1-based data row, for the message when its time is missing or unreadable.
     */
    FeatureWindow[] targets(String[] row, long rowNumber, List<String> names) throws UsageException {
        String cell = row[index];
        Long t = Cells.isMissing(cell) ? null : Timestamps.parse(cell);
        if (t == null) {
            throw new UsageException("report: --time-column " + column + ": data row " + rowNumber + " has "
                    + (Cells.isMissing(cell) ? "no time" : "'" + shorten(cell) + "'") + "; expected " + Timestamps.FORMATS);
        }
        if (origin == null) {
            origin = size % DAY == 0 ? Math.floorDiv(t, DAY) * DAY : 0L;
        }
        long start = origin + Math.floorDiv(t - origin, size) * size;
        Counts counts = windows.get(start);
        if (counts == null) {
            if (windows.size() == MAX_WINDOWS) {
                throw new UsageException("report: --window " + length + " cuts the current data into more than "
                        + MAX_WINDOWS + " windows (at data row " + rowNumber + ", " + column + " " + shorten(cell)
                        + "); choose a longer --window");
            }
            DriftWindow w = new DriftWindow(profile);
            counts = new Counts(w, names.stream().map(w::feature).toArray(FeatureWindow[]::new));
            windows.put(start, counts);
        }
        counts.window().addRows(1);
        return counts.targets();
    }

    /** Adds every time window into {@code whole}: the whole file's counts. */
    void mergeInto(DriftWindow whole) {
        windows.values().forEach(c -> whole.merge(c.window()));
    }

    /** Each time window's report, in time order. */
    OverTime analyze(DriftAnalyzer analyzer) {
        List<Slice> slices = new ArrayList<>(windows.size());
        for (Map.Entry<Long, Counts> e : windows.entrySet()) {
            slices.add(new Slice(Instant.ofEpochMilli(e.getKey()), Instant.ofEpochMilli(e.getKey() + size),
                    analyzer.analyze(e.getValue().window())));
        }
        return new OverTime(column, length, slices);
    }

    private static String shorten(String cell) {
        return cell.length() > 40 ? cell.substring(0, 40) + "…" : cell;
    }
}
