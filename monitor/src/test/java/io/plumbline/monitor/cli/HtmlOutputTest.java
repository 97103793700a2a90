package io.plumbline.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.CategoricalSummary;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.data.Tables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --format html}: options, unseen categories by name, and an incomplete report's reasons. */
class HtmlOutputTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out), new PrintStream(err));
    }

    /** Reference: x = 0..599, c alternating rain / sun. */
    private Path reference() throws Exception {
        List<String> lines = new ArrayList<>(List.of("x,c"));
        for (int i = 0; i < 600; i++) {
            lines.add(i + "," + (i % 2 == 0 ? "rain" : "sun"));
        }
        return Files.write(dir.resolve("ref.csv"), lines);
    }

    @Test
    void outWithTextOrJson_isAUsageError() throws Exception {
        Path ref = reference();
        assertEquals(Main.USAGE, run("report", "--reference", ref.toString(), "--current", ref.toString(), "--out",
                dir.resolve("r.html").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--out is for --format html"), err.toString());
    }

    /** Current: 300 rain, 200 sun, 60 hail, 40 fog, 5 empty: hail and fog are unseen, counted by hand. */
    @Test
    void unseenCategories_areNamedWithTheirCounts() throws Exception {
        List<String> lines = new ArrayList<>(List.of("x,c"));
        String[] values = new String[605];
        for (int i = 0; i < 605; i++) {
            values[i] = i < 300 ? "rain" : i < 500 ? "sun" : i < 560 ? "hail" : i < 600 ? "fog" : "";
            lines.add(i + "," + values[i]);
        }
        Path cur = Files.write(dir.resolve("cur.csv"), lines);
        assertEquals(Map.of("c", Map.of("hail", 60L, "fog", 40L)), UnseenCategories.collect(new Tables(),
                cur, profile()));
        Path html = dir.resolve("report.html");
        int exit = run("report", "--reference", reference().toString(), "--current", cur.toString(), "--categorical", "c",
                "--format", "html", "--out", html.toString());
        assertEquals(Main.DRIFT, exit, err.toString());
        String page = Files.readString(html);
        assertTrue(page.contains("<li data-unseen=\"hail\" data-value=\"60\"><code>hail</code>: 60</li>"
                + "<li data-unseen=\"fog\" data-value=\"40\"><code>fog</code>: 40</li>"), "unseen names, most frequent first");
        assertTrue(page.contains("c: 5 missing, 100 of categories the reference never saw"), "data-quality warning");
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("wrote " + html + " ("), out.toString());
    }

    /** Without --out the page goes to standard output; a missing feature's reason is on the page. */
    @Test
    void incompleteReport_showsWhy_andAnEmptyFeatureRenders() throws Exception {
        List<String> lines = new ArrayList<>(List.of("x"));
        for (int i = 0; i < 600; i++) {
            lines.add(String.valueOf(i));
        }
        Path cur = Files.write(dir.resolve("cur-no-c.csv"), lines);
        int exit = run("report", "--reference", reference().toString(), "--current", cur.toString(), "--categorical", "c",
                "--format", "html");
        assertEquals(Main.INCOMPLETE, exit, err.toString());
        String page = out.toString(StandardCharsets.UTF_8);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page.substring(0, Math.min(200, page.length())));
        assertTrue(page.contains("<li class=\"problem\">incomplete report: reference features missing from the current data: c</li>"),
                "incomplete reason");
        assertTrue(page.contains("No drift found, but the report is incomplete (exit code 3)"));
        assertTrue(page.contains("data-feature=\"c\" data-verdict=\"insufficient_data\""), "the absent feature's row");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("incomplete report: reference features missing"));
    }

    private ReferenceProfile profile() {
        return new ReferenceProfile(600, List.of(
                new FeatureProfile("c", FeatureRole.INPUT, 600, 0,
                        null, new CategoricalSummary(Map.of("rain", 300L, "sun", 300L), 0))));
    }
}
