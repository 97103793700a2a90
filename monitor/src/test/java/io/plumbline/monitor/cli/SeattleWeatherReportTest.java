package io.plumbline.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real data with seasonal drift (NOAA Seattle weather 2012-2015, public domain): reference 2012, current
 * each quarter of 2013-2015, through the CLI's JSON report.
 */
class SeattleWeatherReportTest {
    private static final String FEATURES = "precipitation,temp_max,temp_min,wind,weather";
    private static List<String> lines;
    private static String header;

    @TempDir
    static Path dir;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = SeattleWeatherReportTest.class.getResourceAsStream("/seattle-weather.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        header = lines.get(0);
    }

    /** Rows whose date (yyyy-mm-dd) starts with the year and whose month is in the quarter (1-4); 0 = whole year. */
    private static List<String> rows(int year, int quarter) {
        List<String> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            int month = Integer.parseInt(line.substring(5, 7));
            if (line.startsWith(year + "-") && (quarter == 0 || (month - 1) / 3 + 1 == quarter)) {
                out.add(line);
            }
        }
        return out;
    }

    private static Path write(String name, List<String> rows) throws IOException {
        List<String> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return Files.write(dir.resolve(name), all);
    }

    private static double[] column(List<String> rows, String name) {
        int c = List.of(header.split(",")).indexOf(name);
        return rows.stream().mapToDouble(r -> Double.parseDouble(r.split(",")[c])).toArray();
    }

    private static JsonNode report(Path reference, Path current, int[] exit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exit[0] = Main.run(new String[] {"report", "--reference", reference.toString(), "--current", current.toString(),
            "--features", FEATURES, "--format", "json", "--min-count", "50"}, new PrintStream(out), System.err);
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode feature(JsonNode report, String name) {
        for (JsonNode f : report.get("features")) {
            if (f.get("feature").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no feature " + name);
    }

    @Test
    void quarters2013to2015_flagSeasonalTemperatures_andKsContainsExactD() throws IOException {
        List<String> reference = rows(2012, 0);
        Path referenceFile = write("ref-2012.csv", reference);
        KolmogorovSmirnovTest commons = new KolmogorovSmirnovTest();
        int checked = 0;
        for (int year = 2013; year <= 2015; year++) {
            for (int quarter = 1; quarter <= 4; quarter++) {
                List<String> current = rows(year, quarter);
                int[] exit = new int[1];
                JsonNode report = report(referenceFile, write(year + "-q" + quarter + ".csv", current), exit);
                for (String name : new String[] {"precipitation", "temp_max", "temp_min", "wind"}) {
                    JsonNode ks = feature(report, name).get("methods").get(0);
                    assertEquals("ks", ks.get("method").asText());
                    double d = ks.get("statistic").asDouble();
                    double bound = ks.get("bound").asDouble();
                    double exact = commons.kolmogorovSmirnovStatistic(column(reference, name), column(current, name));
                    assertTrue(d <= exact + 1e-12 && exact <= d + bound + 1e-12,
                            year + " Q" + quarter + " " + name + ": exact D " + exact + " outside [" + d + ", " + (d + bound) + "]");
                    checked++;
                }
                if (quarter == 1 || quarter == 3) {
                    for (String seasonal : new String[] {"temp_max", "temp_min"}) {
                        assertEquals("drift", feature(report, seasonal).get("verdict").asText(),
                                year + " Q" + quarter + " " + seasonal);
                    }
                    assertEquals(Main.DRIFT, exit[0]);
                }
            }
        }
        assertEquals(48, checked);
    }

    @Test
    void sameYear_reportsNoDrift() throws IOException {
        Path year = write("2012.csv", rows(2012, 0));
        int[] exit = new int[1];
        JsonNode report = report(year, year, exit);
        assertEquals(Main.NO_DRIFT, exit[0]);
        assertEquals(false, report.get("drift").asBoolean());
    }
}
