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
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report} with the model's outputs and a label column: realised and estimated performance on tiny
 * hand-made files, every expected number worked out by hand in the comments (not by the code under test).
 */
class ReportPerformanceTest {
    private static final double EPS = 1e-9;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path profile;

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out), new PrintStream(err));
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Reference: four rows scored a 0.2 / b 0.8, three of them b. The isotonic map of each class has one
     * knot: b's 0.8 maps to 3/4 and a's 0.2 to 1/4, and outside the knot the map is clipped, so every live
     * row calibrates to (a 0.25, b 0.75) whatever its raw probabilities.
     */
    @BeforeEach
    void calibratedProfile() throws IOException {
        Path ref = Files.write(dir.resolve("ref.csv"),
                List.of("x,a,b,truth", "1,0.2,0.8,b", "2,0.2,0.8,b", "3,0.2,0.8,a", "4,0.2,0.8,b"));
        profile = dir.resolve("p.json");
        assertEquals(Main.NO_DRIFT, run("profile", "--data", ref.toString(), "--out", profile.toString(),
                "--label", "truth", "--probabilities", "a,b"), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Current rows (a, b, truth), predicted class = argmax:
     * 1: 0.2 0.8 b  -> b, right;  2: 0.6 0.4 a -> a, right;  3: 0.9 0.1 b -> a, wrong;
     * 4: 0.3 0.7 c  -> unscorable (no class c);  5: 0.3 0.7 "1" -> class index 1 = b, right;
     * 6: 0.4 0.6 (empty) -> predicted, not labelled.
     */
    private Path current() throws IOException {
        return Files.write(dir.resolve("cur.csv"), List.of("x,a,b,truth", "1,0.2,0.8,b", "2,0.6,0.4,a", "3,0.9,0.1,b",
                "4,0.3,0.7,c", "5,0.3,0.7,1", "6,0.4,0.6,"));
    }

    @Test
    void classifier_textShowsRealisedAndEstimatedPerformance() throws IOException {
        run("report", "--profile", profile.toString(), "--current", current().toString(), "--labels", "truth",
                "--allow-incomplete");
        String text = printed();
        assertTrue(text.contains("model performance (outputs: a, b; labels: truth)\n"), text);
        // 6 rows predicted; rows 1, 2, 3, 5 labelled; row 4 unscorable.
        assertTrue(text.contains("rows: 6, labelled: 4, unscorable: 1\n"), text);
        assertTrue(text.contains("unscorable: labels that are neither a class name [a, b] nor a class index"), text);
        // accuracy 3/4 = 0.75.
        // log loss = mean(-ln 0.8, -ln 0.6, -ln 0.1, -ln 0.7)
        //          = (0.2231436 + 0.5108256 + 2.3025851 + 0.3566749) / 4 = 3.3932292 / 4 = 0.8483073.
        // Brier = mean of sum_k (p_k - [y = k])^2 = (0.08 + 0.32 + 1.62 + 0.18) / 4 = 2.2 / 4 = 0.55.
        // ECE: top probabilities 0.8, 0.6, 0.9, 0.7 fall in four different bins, each one row:
        //      (|1 - 0.8| + |1 - 0.6| + |0 - 0.9| + |1 - 0.7|) / 4 = 1.8 / 4 = 0.45.
        assertTrue(text.contains("realised: accuracy 0.7500, log loss 0.8483, Brier 0.5500, ECE 0.4500\n"), text);
        // Estimated over all 6 rows: each calibrates to (0.25, 0.75); predicted b in rows 1, 4, 5, 6 (0.75),
        // a in rows 2, 3 (0.25): (4 * 0.75 + 2 * 0.25) / 6 = 3.5 / 6 = 0.5833. Every row has the same
        // calibrated score, so each class's ROC curve goes straight from (0, 0) to (1, 1): AUC 0.5.
        assertTrue(text.contains("estimated (CBPE, 6 rows with finite outputs): accuracy 0.5833, ROC AUC 0.5000\n"),
                text);
        // The label column is read, not ignored.
        assertFalse(text.contains("ignored columns"), text);
    }

    @Test
    void classifier_jsonHasThePerformanceObject() throws IOException {
        run("report", "--profile", profile.toString(), "--current", current().toString(), "--labels", "truth",
                "--format", "json", "--allow-incomplete");
        JsonNode p = new ObjectMapper().readTree(printed()).path("performance");
        assertEquals(6, p.path("predictions").asLong(), p.toString());
        assertEquals(4, p.path("labelled").asLong());
        assertEquals(1, p.path("unscorable").asLong());
        JsonNode r = p.path("realised");
        assertEquals(0.75, r.path("accuracy").asDouble(), EPS);
        assertEquals((-Math.log(0.8) - Math.log(0.6) - Math.log(0.1) - Math.log(0.7)) / 4, r.path("logLoss").asDouble(),
                1e-12);
        assertEquals(0.55, r.path("brier").asDouble(), EPS);
        assertEquals(0.45, r.path("ece").asDouble(), EPS);
        // Class b: predicted b in rows 1 and 5, both right -> precision 2/2; true b in rows 1, 3, 5 -> recall 2/3.
        assertEquals("b", r.path("classes").get(1).path("class").asText());
        assertEquals(1.0, r.path("classes").get(1).path("precision").asDouble(), EPS);
        assertEquals(2.0 / 3, r.path("classes").get(1).path("recall").asDouble(), EPS);
        assertEquals(3.5 / 6, p.path("estimated").path("accuracy").asDouble(), EPS);
        assertEquals(0.5, p.path("estimated").path("rocAuc").asDouble(), EPS);
    }

    @Test
    void classifier_htmlHasThePerformanceSection() throws IOException {
        Path page = dir.resolve("report.html");
        run("report", "--profile", profile.toString(), "--current", current().toString(), "--labels", "truth",
                "--format", "html", "--out", page.toString(), "--allow-incomplete");
        String html = Files.readString(page, StandardCharsets.UTF_8);
        // The numbers worked out in classifier_textShowsRealisedAndEstimatedPerformance.
        assertTrue(html.contains("<h2 id=\"performance-h\">Model quality</h2>"), html);
        assertTrue(html.contains("<dd data-fact=\"predictions\" data-value=\"6\">6</dd>"), html);
        assertTrue(html.contains("<dd data-fact=\"labelled\" data-value=\"4\">4</dd>"), html);
        assertTrue(html.contains("<dd data-fact=\"coverage\" data-value=\"" + 4.0 / 6 + "\">66.7%</dd>"), html);
        assertTrue(html.contains("<dd data-fact=\"unscorable\" data-value=\"1\">1</dd>"), html);
        assertTrue(html.contains("data-field=\"realised.accuracy\" data-value=\"0.75\">0.7500</td>"), html);
        assertTrue(html.contains("data-field=\"realised.brier\" data-value=\"0.55\">0.5500</td>"), html);
        assertTrue(html.contains("data-field=\"estimated.accuracy\" data-value=\"" + 3.5 / 6 + "\">0.5833</td>"),
                html);
        assertTrue(html.contains("data-field=\"estimated.rocAuc\" data-value=\"0.5\">0.5000</td>"), html);
    }

    @Test
    void profileLabelColumn_isUsedWithoutTheOption() throws IOException {
        // The profile's label column is "truth", and the current data has it.
        run("report", "--profile", profile.toString(), "--current", current().toString(), "--allow-incomplete");
        assertTrue(printed().contains("rows: 6, labelled: 4, unscorable: 1\n"), printed());
    }

    @Test
    void outputsWithoutLabels_reportEstimatedOnly() throws IOException {
        Path cur = Files.write(dir.resolve("unlabelled.csv"), List.of("x,a,b", "1,0.2,0.8", "2,0.6,0.4"));
        run("report", "--profile", profile.toString(), "--current", cur.toString(), "--allow-incomplete");
        String text = printed();
        assertTrue(text.contains("model performance (outputs: a, b; labels: none)\n"), text);
        assertTrue(text.contains("realised: no label column (--labels COLUMN names it)\n"), text);
        // Rows predict b (0.75) and a (0.25): (0.75 + 0.25) / 2 = 0.5.
        assertTrue(text.contains("estimated (CBPE, 2 rows with finite outputs): accuracy 0.5000"), text);
    }

    @Test
    void regressor_maeRmseBias() throws IOException {
        Path ref = Files.write(dir.resolve("reg-ref.csv"), List.of("x,yhat", "1,2.0", "2,3.0", "3,4.0"));
        // Rows (yhat, target): error e = yhat - target: 3 - 2 = 1; 5 - 7 = -2; 4 - 4 = 0; "n/a" unscorable;
        // empty not labelled. MAE = (1 + 2 + 0) / 3 = 1; RMSE = sqrt((1 + 4 + 0) / 3) = sqrt(5/3) = 1.2910;
        // bias = (1 - 2 + 0) / 3 = -0.3333.
        Path cur = Files.write(dir.resolve("reg-cur.csv"),
                List.of("x,yhat,target", "1,3.0,2.0", "2,5.0,7.0", "3,4.0,4.0", "4,1.0,n/a", "5,2.5,"));
        run("report", "--reference", ref.toString(), "--outputs", "yhat", "--current", cur.toString(), "--labels",
                "target", "--allow-incomplete");
        String text = printed();
        assertTrue(text.contains("model performance (outputs: yhat; labels: target)\n"), text);
        assertTrue(text.contains("rows: 5, labelled: 3, unscorable: 1\n"), text);
        assertTrue(text.contains("unscorable: targets that are not finite numbers"), text);
        assertTrue(text.contains("realised: MAE 1.0000, RMSE 1.2910, bias -0.3333\n"), text);
        assertFalse(text.contains("estimated"), text);
    }

    @Test
    void labelsColumnAbsent_isAUsageError() throws IOException {
        assertEquals(Main.USAGE, run("report", "--profile", profile.toString(), "--current", current().toString(),
                "--labels", "weather"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--labels weather is not a column of the current data"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void labelsWithoutOutputs_isAUsageError() throws IOException {
        Path cur = Files.write(dir.resolve("no-outputs.csv"), List.of("x,a,truth", "1,0.2,b"));
        assertEquals(Main.USAGE, run("report", "--profile", profile.toString(), "--current", cur.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("needs the model's outputs in the current data; "
                + "missing: [b]"), err.toString(StandardCharsets.UTF_8));
    }
}
