package io.plumbline.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report} as a CI gate: a report that could not decide must not exit 0, and what the report says
 * about its p-values and ignored columns must be true.
 */
class ReportGateTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out), new PrintStream(err));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Columns x, y normal(shift, 1) and z normal(0, 1); n rows. */
    private Path data(String name, int n, double shift, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        lines.add("x,y,z");
        for (int i = 0; i < n; i++) {
            lines.add((shift + random.nextGaussian()) + "," + (shift + random.nextGaussian()) + ","
                    + random.nextGaussian());
        }
        return Files.write(dir.resolve(name), lines);
    }

    /** The file with its last column (z) cut off, as c.csv. */
    private Path withoutLastColumn(Path file) throws IOException {
        return Files.write(dir.resolve("c.csv"),
                Files.readAllLines(file).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList());
    }

    @Test
    void noFeatureReachedAVerdict_exitsThree_andSaysWhy() throws IOException {
        // 100 current rows against the default --min-count 500: no feature can decide.
        String ref = data("r.csv", 2000, 0, 1).toString();
        String cur = data("c.csv", 100, 0, 2).toString();
        assertEquals(Main.INCOMPLETE, run("report", "--reference", ref, "--current", cur));
        assertTrue(stdout().contains("incomplete report: no feature reached a verdict: each needs at least 500 values"
                + " in the current data (--min-count), and the current data has 100 rows"), stdout());
        assertTrue(stdout().contains("exit code 3"), stdout());
    }

    @Test
    void noVerdict_isAccepted_withAllowIncomplete() throws IOException {
        String ref = data("r.csv", 2000, 0, 1).toString();
        String cur = data("c.csv", 100, 0, 2).toString();
        assertEquals(Main.NO_DRIFT, run("report", "--reference", ref, "--current", cur, "--allow-incomplete"));
        assertTrue(stdout().contains("incomplete report: no feature reached a verdict"), stdout());
        assertFalse(stdout().contains("exit code 3"), stdout());
    }

    @Test
    void referenceFeatureMissingFromCurrentData_exitsThree_evenWhenTheOthersDecide() throws IOException {
        String ref = data("r.csv", 2000, 0, 1).toString();
        Path cur = withoutLastColumn(data("full.csv", 1000, 0, 2));
        assertEquals(Main.INCOMPLETE, run("report", "--reference", ref, "--current", cur.toString(), "--format",
                "json"));
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertFalse(json.get("complete").asBoolean());
        assertEquals("reference features missing from the current data: z", json.get("incomplete").get(0).asText());
        assertEquals(3, json.get("exitCode").asInt());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("incomplete report: reference features missing"));
    }

    @Test
    void driftFailsTheGate_evenWhenTheReportIsIncomplete() throws IOException {
        String ref = data("r.csv", 2000, 0, 1).toString();
        Path cur = withoutLastColumn(data("full.csv", 1000, 3, 2));
        assertEquals(Main.DRIFT, run("report", "--reference", ref, "--current", cur.toString()));
        assertTrue(stdout().contains("drift in: x, y"), stdout());
        assertTrue(stdout().contains("incomplete report: reference features missing from the current data: z"));
    }

    @Test
    void columnsLeftOutByFeatures_areNotCalledMissingFromTheReference() throws IOException {
        String ref = data("r.csv", 2000, 0, 1).toString();
        Path cur = Files.write(dir.resolve("c.csv"), List.of("x,y,z,extra", "1,2,3,4"));
        run("report", "--reference", ref, "--current", cur.toString(), "--features", "x", "--allow-incomplete");
        assertTrue(stdout().contains("ignored columns not in the reference: [extra]"), stdout());
        assertTrue(stdout().contains("ignored columns not selected with --features: [y, z]"), stdout());
    }

    @Test
    void pValueNote_saysWhichPValuesWereCorrected() throws IOException {
        String ref = data("r.csv", 2000, 0, 1).toString();
        String cur = data("c.csv", 1000, 0, 2).toString();
        run("report", "--reference", ref, "--current", cur);
        assertTrue(stdout().contains("p-values: ks corrected across 3 features (bonferroni); psi not corrected"),
                stdout());
        run("report", "--reference", ref, "--current", cur, "--correction", "none");
        assertTrue(stdout().contains("p-values: ks not corrected (--correction none)"), stdout());
        assertFalse(stdout().contains("after the correction"), stdout());
        run("report", "--reference", ref, "--current", cur, "--features", "x");
        assertTrue(stdout().contains("p-values: ks not corrected (one feature, nothing to correct)"), stdout());
    }
}
