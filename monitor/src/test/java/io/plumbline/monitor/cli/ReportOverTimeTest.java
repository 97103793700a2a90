package io.plumbline.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report --time-column when --window 1d} on a dataset built by hand: a reference of x = y = 0..59,
 * and three days of current rows. On 2024-03-01 x and y are every even reference value (the reference's
 * shape), on 2024-03-02 x is shifted up by 60 (above the reference's range) while y is not, and 2024-03-03 has 5 rows (too few for a
 * verdict at {@code --min-count 20}). Every value is a reference value (or above the range), so the KS
 * distance at the reference bin edges is the exact one. The expected per-window statistics come from
 * Commons Math's {@link KolmogorovSmirnovTest} on the raw rows of each window (D, and its exact
 * {@code P(D >= d)}); the expected corrected p-value is Bonferroni's min(1, 2p) over the two features of
 * the window, the verdict p < 0.05.
 */
class ReportOverTimeTest {
    private static final long DAY1 = Instant.parse("2024-03-01T00:00:00Z").getEpochSecond();
    private static final long DAY = 86_400;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final KolmogorovSmirnovTest commons = new KolmogorovSmirnovTest();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out), new PrintStream(err));
    }

    /** Reference x, y = 0..59. */
    private Path reference() throws IOException {
        List<String> lines = new ArrayList<>(List.of("x,y"));
        for (int i = 0; i < 60; i++) {
            lines.add(i + "," + i);
        }
        return Files.write(dir.resolve("reference.csv"), lines);
    }

    /** The rows of each day, as {x, y} pairs. */
    private static double[][][] days() {
        double[][][] days = new double[3][][];
        days[0] = new double[30][];
        days[1] = new double[30][];
        for (int i = 0; i < 30; i++) {
            days[0][i] = new double[] {2 * i, 2 * i};
            days[1][i] = new double[] {2 * i + 60, 2 * i + 1};
        }
        days[2] = new double[5][];
        for (int i = 0; i < 5; i++) {
            days[2][i] = new double[] {10 * i, 10 * i};
        }
        return days;
    }

    /** The current file, rows interleaved out of time order, each row's time written by {@code time} (epoch seconds). */
    private Path current(String name, LongFunction<String> time) throws IOException {
        double[][][] days = days();
        List<String> lines = new ArrayList<>(List.of("when,x,y"));
        for (int i = 0; i < 30; i++) {
            for (int d = 1; d >= 0; d--) { // day 2 first: the file need not be sorted
                long t = DAY1 + d * DAY + i * 2400L; // every 40 minutes, within the day
                lines.add(time.apply(t) + "," + (long) days[d][i][0] + "," + (long) days[d][i][1]);
            }
            if (i < 5) {
                lines.add(time.apply(DAY1 + 2 * DAY + 3600L * i) + "," + (long) days[2][i][0] + "," + (long) days[2][i][1]);
            }
        }
        return Files.write(dir.resolve(name), lines);
    }

    private JsonNode json(Path current, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("report", "--reference", reference().toString(), "--current",
                current.toString(), "--min-count", "20", "--format", "json"));
        args.addAll(Arrays.asList(extra));
        int exit = run(args.toArray(String[]::new));
        assertEquals(Main.DRIFT, exit, err.toString(StandardCharsets.UTF_8));
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void perWindowStatistics_equalCommonsMathOnEachWindowsRows() throws IOException {
        JsonNode report = json(current("current.csv", t -> Instant.ofEpochSecond(t).toString()),
                "--time-column", "when", "--window", "1d");
        double[] ref = new double[60];
        for (int i = 0; i < 60; i++) {
            ref[i] = i;
        }
        double[][][] days = days();
        JsonNode overTime = report.get("overTime");
        assertEquals("when", overTime.get("column").asText());
        assertEquals("1d", overTime.get("window").asText());
        assertEquals(3, overTime.get("windows").size());
        String[] starts = {"2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z", "2024-03-03T00:00:00Z"};
        String[][] verdicts = {{"no_drift", "drift", "insufficient_data"}, {"no_drift", "no_drift", "insufficient_data"}};
        for (int f = 0; f < 2; f++) {
            JsonNode feature = report.get("features").get(f);
            assertEquals(f == 0 ? "x" : "y", feature.get("feature").asText());
            JsonNode windows = feature.get("windows");
            assertEquals(3, windows.size());
            for (int d = 0; d < 3; d++) {
                JsonNode w = windows.get(d);
                double[] rows = column(days[d], f);
                double expectedD = commons.kolmogorovSmirnovStatistic(ref, rows);
                double expectedP = commons.exactP(expectedD, ref.length, rows.length, false);
                String where = feature.get("feature").asText() + " " + starts[d];
                assertEquals(starts[d], w.get("start").asText(), where);
                assertEquals(Instant.parse(starts[d]).plusSeconds(DAY).toString(), w.get("end").asText(), where);
                assertEquals(rows.length, w.get("rows").asLong(), where + " rows");
                assertEquals(rows.length, w.get("count").asLong(), where + " values");
                assertEquals("ks", w.get("method").asText());
                assertEquals(expectedD, w.get("statistic").asDouble(), 1e-12, where + " D");
                assertEquals(expectedP, w.get("pValue").asDouble(), 1e-9 * expectedP + 1e-15, where + " p");
                if (d < 2) {
                    assertEquals(Math.min(1, 2 * expectedP), w.get("adjustedPValue").asDouble(),
                            1e-9 * expectedP + 1e-15, where + " Bonferroni over x and y");
                }
                assertEquals(verdicts[f][d], w.get("verdict").asText(), where);
            }
        }
        // By hand: day 1 x is every even value, D = 1/60 at x = 0 (1/30 - 1/60); day 2 x from 60 to 118, D = 1.
        assertEquals(1.0 / 60, report.get("features").get(0).get("windows").get(0).get("statistic").asDouble(), 1e-12);
        assertEquals(1.0, report.get("features").get(0).get("windows").get(1).get("statistic").asDouble(), 1e-12);
        assertEquals(List.of("x"), names(overTime.get("windows").get(1).get("driftedFeatures")));
        assertEquals(List.of(), names(overTime.get("windows").get(0).get("driftedFeatures")));
        // The whole file is the sum of its windows: the report's own numbers equal those without --time-column.
        JsonNode plain = json(current("plain.csv", t -> Instant.ofEpochSecond(t).toString()));
        for (int f = 0; f < 2; f++) {
            assertEquals(plain.get("features").get(f).get("methods"), report.get("features").get(f).get("methods"));
        }
        assertEquals(plain.get("rows"), report.get("rows"));
    }

    @Test
    void epochSecondsMillisAndIsoDates_cutTheSameWindows() throws IOException {
        JsonNode iso = json(current("iso.csv", t -> Instant.ofEpochSecond(t).toString()), "--time-column", "when");
        JsonNode seconds = json(current("seconds.csv", Long::toString), "--time-column", "when", "--window", "24h");
        JsonNode millis = json(current("millis.csv", t -> Long.toString(t * 1000)), "--time-column", "when", "--window", "P1D");
        JsonNode local = json(current("local.csv", t -> Instant.ofEpochSecond(t).toString().replace("T", " ").replace("Z", "")),
                "--time-column", "when", "--window", "1d");
        for (JsonNode other : new JsonNode[] {seconds, millis, local}) {
            for (int f = 0; f < 2; f++) {
                assertEquals(iso.get("features").get(f).get("windows"), other.get("features").get(f).get("windows"));
            }
        }
        JsonNode days = json(current("days.csv", t -> Instant.ofEpochSecond(t).toString().substring(0, 10)),
                "--time-column", "when", "--window", "2d");
        // Whole-day windows start at the first row's day: a day-2 row here, so day 1 is the window before.
        assertEquals(List.of("2024-02-29T00:00:00Z", "2024-03-02T00:00:00Z"),
                starts(days.get("overTime").get("windows")), "2-day windows from the first row's day");
        assertEquals(30, days.get("overTime").get("windows").get(0).get("rows").asLong());
        assertEquals(35, days.get("overTime").get("windows").get(1).get("rows").asLong());
    }

    @Test
    void textReport_listsEachFeaturesWindows() throws IOException {
        int exit = run("report", "--reference", reference().toString(), "--current",
                current("current.csv", Long::toString).toString(), "--min-count", "20", "--time-column", "when");
        assertEquals(Main.DRIFT, exit);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("drift over time: when in 1d windows (primary method; p-values corrected within each window)"), text);
        assertTrue(text.matches("(?s).*\\nx +2024-03-01T00:00:00Z +30 +0\\.0167 .* no\\n +2024-03-02T00:00:00Z +30 +1\\.0000 .* yes\\n"
                + " +2024-03-03T00:00:00Z +5 .* insufficient data\\ny +2024-03-01T00:00:00Z.*"), text);
        assertTrue(!text.contains("ignored columns"), "the time column is not an ignored column:\n" + text);
    }

    @Test
    void badOptionsAndTimes_areUsageErrorsNamingTheOptionAndRow() throws IOException {
        Path ref = reference();
        Path good = current("good.csv", Long::toString);
        String[][] cases = {
            {"--window", "0d", "--time-column", "when"},
            {"--window", "1 fortnight", "--time-column", "when"},
            {"--window", "1d"},
            {"--time-column", "time"},
        };
        String[] expected = {
            "error: report: --window must be a positive length such as 1d, 7d, 2w, 1h or 30m (or ISO-8601 such as P1D), at least 1s; was '0d'",
            "was '1 fortnight'",
            "error: report: --window needs --time-column",
            "error: report: --time-column 'time' is not a column of good.csv; its columns are [when, x, y]",
        };
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("report", "--reference", ref.toString(), "--current", good.toString()));
            args.addAll(Arrays.asList(cases[i]));
            assertEquals(Main.USAGE, run(args.toArray(String[]::new)), String.join(" ", cases[i]));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains(expected[i]), err.toString(StandardCharsets.UTF_8));
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(good));
        lines.set(3, "yesterday" + lines.get(3).substring(lines.get(3).indexOf(',')));
        Path bad = Files.write(dir.resolve("bad.csv"), lines);
        assertEquals(Main.USAGE, run("report", "--reference", ref.toString(), "--current", bad.toString(), "--time-column", "when"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("error: report: --time-column when: data row 3 has 'yesterday';"
                + " expected an ISO-8601 date or date-time"), err.toString(StandardCharsets.UTF_8));
        lines.set(3, lines.get(3).substring(lines.get(3).indexOf(',')));
        Path empty = Files.write(dir.resolve("empty.csv"), lines);
        assertEquals(Main.USAGE, run("report", "--reference", ref.toString(), "--current", empty.toString(), "--time-column", "when"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--time-column when: data row 3 has no time"),
                err.toString(StandardCharsets.UTF_8));
        List<String> minutes = new ArrayList<>(List.of("when,x,y"));
        for (int i = 0; i <= TimeSlices.MAX_WINDOWS; i++) {
            minutes.add((DAY1 + 60L * i) + ",1,1");
        }
        Path many = Files.write(dir.resolve("minutes.csv"), minutes);
        assertEquals(Main.USAGE, run("report", "--reference", ref.toString(), "--current", many.toString(), "--time-column",
                "when", "--window", "1m"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("report: --window 1m cuts the current data into more than"
                + " 1000 windows (at data row 1001, when 1709311200); choose a longer --window"), err.toString(StandardCharsets.UTF_8));
    }

    private static double[] column(double[][] rows, int f) {
        return Arrays.stream(rows).mapToDouble(r -> r[f]).toArray();
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }

    private static List<String> starts(JsonNode windows) {
        List<String> starts = new ArrayList<>();
        windows.forEach(w -> starts.add(w.get("start").asText()));
        return starts;
    }
}
