package io.plumbline.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.testing.MarkdownCommands;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's performance section on the demo data: the model's scores of 2012-2013 and of 2014 Q1
 * ({@code data/scored/}, written and checked by model-loader's WeatherScoredDataTest with ONNX Runtime).
 * The expected accuracies are not computed here: they are QUALITY.md's CBPE validation row for 2014 Q1,
 * which model-loader's WeatherCbpeValidationTest computes through the library directly (not through the CLI).
 */
class WeatherReportPerformanceTest {
    private static final Path REPO = Path.of("..");
    private static final Path QUALITY = REPO.resolve("monitor/QUALITY.md");
    private static final String JAR = "java -jar monitor/target/plumbline-monitor.jar ";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out), new PrintStream(err));
    }

    @Test
    void quarter2014Q1_hasQualityMdsEstimatedAndRealisedAccuracy() throws IOException {
        Path profile = dir.resolve("weather-profile.json");
        assertEquals(Main.NO_DRIFT, run("profile", "--data", REPO.resolve("data/scored/weather-2012-2013.csv").toString(),
                "--out", profile.toString(), "--label", "weather", "--probabilities", "drizzle,fog,rain,snow,sun"),
                err.toString(StandardCharsets.UTF_8));
        out.reset();
        run("report", "--profile", profile.toString(), "--current",
                REPO.resolve("data/scored/weather-2014-q1.csv").toString(), "--format", "json", "--min-count", "50");
        JsonNode p = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).path("performance");

        String[] row = tableRow("2014 Q1"); // window, rows, estimated, realised, abs error, uncalibrated
        assertEquals(Long.parseLong(row[1]), p.path("predictions").asLong(), p.toString());
        assertEquals(Long.parseLong(row[1]), p.path("labelled").asLong(), p.toString());
        assertEquals(0, p.path("unscorable").asLong());
        assertEquals(row[2], String.format(Locale.ROOT, "%.3f", p.path("estimated").path("accuracy").asDouble()),
                "estimated accuracy against QUALITY.md's table");
        assertEquals(row[3], String.format(Locale.ROOT, "%.3f", p.path("realised").path("accuracy").asDouble()),
                "realised accuracy against QUALITY.md's table");
    }

    /** QUALITY.md's report example: its commands, run in this JVM as written, print the output shown. */
    @Test
    void qualityMdReportExample_printsTheDocumentedOutput() throws IOException {
        MarkdownCommands.Block block = MarkdownCommands.after(QUALITY, "Example: the offline report of 2014 Q1", "sh");
        String tmp = dir + "/";
        for (String command : commands(block.substituted(Map.of("/tmp/", tmp)))) {
            List<String> args = new ArrayList<>();
            for (String word : command.substring(JAR.length()).split(" +")) {
                // Run from the repository root, as documented; this test runs in monitor/.
                args.add(word.startsWith("data/") ? REPO.resolve(word).toString() : word);
            }
            int code = run(args.toArray(String[]::new));
            assertTrue(code == Main.NO_DRIFT || code == Main.DRIFT, "exit " + code + " from " + command + "\n" + err);
        }
        String printed = out.toString(StandardCharsets.UTF_8).replace(tmp, "/tmp/");
        assertFalse(block.output() == null, "no output block after " + block);
        assertEquals(block.output().body(), printed);
    }

    /** The block's commands with their continuation lines joined; every command is the monitor jar. */
    private static List<String> commands(String body) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : body.lines().toList()) {
            String s = line.strip();
            boolean continues = s.endsWith("\\");
            current.append(continues ? s.substring(0, s.length() - 1).strip() : s).append(' ');
            if (!continues) {
                String command = current.toString().strip();
                if (!command.isEmpty()) {
                    assertTrue(command.startsWith(JAR), "only monitor jar commands are run here: " + command);
                    commands.add(command);
                }
                current.setLength(0);
            }
        }
        return commands;
    }

    private static String[] tableRow(String window) throws IOException {
        for (String line : Files.readAllLines(QUALITY, StandardCharsets.UTF_8)) {
            if (line.startsWith("| " + window + " |")) {
                return Arrays.stream(line.substring(1, line.lastIndexOf('|')).split("\\|")).map(String::strip)
                        .toArray(String[]::new);
            }
        }
        throw new IllegalStateException("QUALITY.md has no table row for " + window);
    }
}
