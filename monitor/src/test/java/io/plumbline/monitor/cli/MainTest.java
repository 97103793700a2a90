package io.plumbline.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.events.profile.ReferenceProfileCodec;
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

/** Exit codes and bad-input outcomes of the CLI. */
class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out), new PrintStream(err));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** x normal(shift, 1), c in {a, b} (a 70%), n rows. */
    private Path data(String name, int n, double shift, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        lines.add("x,c");
        for (int i = 0; i < n; i++) {
            lines.add((shift + random.nextGaussian()) + "," + (random.nextDouble() < 0.7 ? "a" : "b"));
        }
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void commandHelp_printsUsage_andRunsNothing() {
        for (String command : new String[] {"replay", "report", "profile", "run"}) {
            assertEquals(Main.NO_DRIFT, run(command, "--help"), command);
            assertTrue(stdout().contains("plumbline-monitor.jar replay --url"), command + ": " + stdout());
        }
    }

    @Test
    void report_noDrift_exitsZero() throws IOException {
        assertEquals(Main.NO_DRIFT, run("report", "--reference", data("r.csv", 5000, 0, 1).toString(),
                "--current", data("c.csv", 1000, 0, 2).toString()));
        assertTrue(stdout().contains("no drift"), stdout());
    }

    @Test
    void report_shifted_exitsOneAndNamesFeature() throws IOException {
        assertEquals(Main.DRIFT, run("report", "--reference", data("r.csv", 5000, 0, 1).toString(),
                "--current", data("c.csv", 1000, 1, 2).toString()));
        assertTrue(stdout().contains("drift in: x"), stdout());
    }

    @Test
    void profileThenReport_usesStoredProfile() throws IOException {
        Path profile = dir.resolve("p.json");
        assertEquals(0, run("profile", "--data", data("r.csv", 5000, 0, 1).toString(), "--out", profile.toString(),
                "--bins", "200", "--outputs", "c"));
        ReferenceProfile p = new ReferenceProfileCodec().read(profile);
        assertEquals(200, p.features().get(0).numeric().bins());
        assertEquals("OUTPUT", p.features().get(1).role().name());
        assertEquals(Main.DRIFT, run("report", "--profile", profile.toString(), "--current",
                data("c.csv", 1000, 0.5, 2).toString(), "--format", "json"));
        JsonNode json = new ObjectMapper().readTree(stdout().substring(stdout().indexOf('{')));
        assertTrue(json.get("drift").asBoolean());
    }

    @Test
    void report_corruptProfile_exitsTwoNamingFileAndField() throws IOException {
        Path profile = dir.resolve("p.json");
        run("profile", "--data", data("r.csv", 100, 0, 1).toString(), "--out", profile.toString());
        Files.writeString(profile, Files.readString(profile).replaceFirst("\"mean\" : [^,]+", "\"mean\" : \"warm\""));
        assertEquals(Main.USAGE, run("report", "--profile", profile.toString(), "--current", data("c.csv", 10, 0, 2).toString()));
        assertTrue(stderr().contains(profile.toString()) && stderr().contains("features[0].numeric.mean"), stderr());
    }

    @Test
    void report_truncatedProfile_exitsTwo() throws IOException {
        Path profile = Files.writeString(dir.resolve("p.json"), "{\"formatVersion\": 1, \"rows\": 3, \"features\": [");
        assertEquals(Main.USAGE, run("report", "--profile", profile.toString(), "--current", data("c.csv", 10, 0, 2).toString()));
        assertTrue(stderr().contains(profile.toString()) && stderr().contains("end-of-input"), stderr());
    }

    @Test
    void report_badCells_areCountedNotFatal() throws IOException {
        Path reference = data("r.csv", 2000, 0, 1);
        List<String> lines = new ArrayList<>(Files.readAllLines(data("c.csv", 600, 0, 2)));
        lines.add("NaN,a");
        lines.add("inf,a");
        lines.add("-Infinity,a");
        lines.add(",");
        lines.add("warm,zebra");
        lines.add("1.0");
        lines.add("1.0,a,extra");
        Path current = Files.write(dir.resolve("bad.csv"), lines);
        assertEquals(Main.NO_DRIFT, run("report", "--reference", reference.toString(), "--current", current.toString(),
                "--format", "json"));
        JsonNode json;
        json = new ObjectMapper().readTree(stdout());
        assertEquals(2, json.get("malformedRows").asLong());
        JsonNode x = json.get("features").get(0);
        assertEquals(602, x.get("count").asLong());
        assertEquals(4, x.get("invalid").asLong(), "NaN, inf, -Infinity and text");
        assertEquals(1, x.get("missing").asLong());
        JsonNode c = json.get("features").get(1);
        assertEquals(1, c.get("unseen").asLong());
        assertEquals(2, c.get("missing").asLong(), "empty cell and absent cell");
    }

    @Test
    void report_unknownAndAbsentColumns_areListed() throws IOException {
        Path reference = data("r.csv", 2000, 0, 1);
        List<String> lines = new ArrayList<>();
        lines.add("x,y");
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 600; i++) {
            lines.add(random.nextGaussian() + ",1");
        }
        Path current = Files.write(dir.resolve("c.csv"), lines);
        assertEquals(Main.INCOMPLETE, run("report", "--reference", reference.toString(), "--current",
                current.toString(), "--format", "json"));
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertEquals("y", json.get("ignoredColumns").get(0).asText());
        assertEquals("c", json.get("absentFeatures").get(0).asText());
        assertEquals("insufficient_data", json.get("features").get(1).get("verdict").asText());
    }

    @Test
    void report_emptyCurrentFile_givesInsufficientData() throws IOException {
        Path current = Files.writeString(dir.resolve("c.csv"), "x,c\n");
        assertEquals(Main.INCOMPLETE, run("report", "--reference", data("r.csv", 2000, 0, 1).toString(),
                "--current", current.toString()));
        assertTrue(stdout().contains("no verdict (insufficient data) for: x, c"), stdout());
    }

    @Test
    void usageErrors_exitTwoWithAdvice() throws IOException {
        assertEquals(Main.USAGE, run());
        assertEquals(Main.USAGE, run("report", "--current", "c.csv"));
        assertTrue(stderr().contains("exactly one of --reference"), stderr());
        assertEquals(Main.USAGE, run("report", "--reference", "r.csv", "--current", "c.csv", "--colour", "red"));
        assertTrue(stderr().contains("unknown option --colour"), stderr());
        assertEquals(Main.USAGE, run("report", "--reference", data("r.csv", 10, 0, 1).toString(), "--current",
                data("c.csv", 10, 0, 1).toString(), "--features", "x,nope"));
        assertTrue(stderr().contains("unknown column(s) [nope]"), stderr());
        assertEquals(Main.USAGE, run("report", "--reference", dir.resolve("missing.csv").toString(), "--current", "c.csv"));
        assertTrue(stderr().contains("does not exist"), stderr());
        assertEquals(Main.USAGE, run("frobnicate"));
    }

    @Test
    void categoricalOption_treatsNumbersAsCategories() throws IOException {
        Path profile = dir.resolve("p.json");
        assertEquals(0, run("profile", "--data", data("r.csv", 100, 0, 1).toString(), "--out", profile.toString(),
                "--categorical", "x"));
        assertTrue(new ReferenceProfileCodec().read(profile).features().get(0).numeric() == null);
    }

    /**
     * The data-quality section of {@code report}, hand-counted. Reference x 1..4 (min 1, max 4), c a a b b.
     * Current x: 0 (below), 2, 5 and 6 (above), NaN, empty (missing), "warm" (text: a type violation);
     * c: a, zz, zz, q, b, empty, a.
     */
    @Test
    void report_dataQuality_jsonAndText() throws IOException {
        Path reference = Files.write(dir.resolve("r.csv"), List.of("x,c", "1,a", "2,a", "3,b", "4,b"));
        Path current = Files.write(dir.resolve("c.csv"), List.of("x,c", "0,a", "2,zz", "5,zz", "6,q", "NaN,b", ",",
                "warm,a"));
        run("report", "--reference", reference.toString(), "--current", current.toString(), "--format", "json");
        JsonNode json = new ObjectMapper().readTree(stdout());
        // x: usable 0, 2, 5, 6 = 4; out of range 0 | 5, 6 = 1 below + 2 above, 3 / 4;
        // NaN 1, missing 1, type 1; values 4 + 1 + (NaN 1 + type 1) = 7; missing ratio (1 + 1) / 7.
        JsonNode x = json.get("features").get(0).get("quality");
        assertEquals(7, x.get("values").asLong());
        assertEquals(1, x.get("belowRange").asLong());
        assertEquals(2, x.get("aboveRange").asLong());
        assertEquals(0.75, x.get("outOfRangeRatio").asDouble());
        assertEquals(1, x.get("nan").asLong());
        assertEquals(2.0 / 7, x.get("missingRatio").asDouble(), 1e-12);
        assertEquals(1, x.get("violations").get("type").asLong());
        // c: usable a zz zz q b a = 6, unseen zz zz q = 3 (3 / 6), missing 1; values 7.
        JsonNode c = json.get("features").get(1).get("quality");
        assertEquals(7, c.get("values").asLong());
        assertEquals(0.5, c.get("unseenRatio").asDouble());
        assertEquals("[{\"value\":\"zz\",\"count\":2},{\"value\":\"q\",\"count\":1}]", c.get("topUnseen").toString());

        out.reset();
        run("report", "--reference", reference.toString(), "--current", current.toString());
        assertTrue(stdout().contains("out of reference range: 3 (1 below, 2 above), type violations: 1\n"), stdout());
        assertTrue(stdout().contains("top unseen: zz (2), q (1)\n"), stdout());
    }
}
