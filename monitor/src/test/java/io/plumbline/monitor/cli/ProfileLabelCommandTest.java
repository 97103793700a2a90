package io.plumbline.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.events.profile.ReferenceProfileCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code profile --label --probabilities}: the written profile holds the label and the calibration map. */
class ProfileLabelCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out), new PrintStream(err));
    }

    @Test
    void labelAndProbabilities_writeACalibratedProfile() throws IOException {
        // Scores a 0.2 / b 0.8 on four rows, three of them b: the map sends b's 0.8 to 0.75.
        Path data = Files.write(dir.resolve("ref.csv"),
                List.of("x,a,b,truth", "1,0.2,0.8,b", "2,0.2,0.8,b", "3,0.2,0.8,a", "4,0.2,0.8,b"));
        Path target = dir.resolve("p.json");
        assertEquals(Main.NO_DRIFT, run("profile", "--data", data.toString(), "--out", target.toString(),
                "--label", "truth", "--probabilities", "a,b"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("calibration map fitted on 4 labelled rows"),
                out.toString(StandardCharsets.UTF_8));
        ReferenceProfile p = new ReferenceProfileCodec().read(target);
        assertEquals("truth", p.label().column());
        assertEquals(0.75, p.calibration().classes().get(1).apply(0.8), 1e-15);
        assertTrue(Files.readString(target).contains("\"calibration\""));
    }

    @Test
    void probabilitiesWithoutLabel_isAUsageError() throws IOException {
        Path data = Files.write(dir.resolve("ref.csv"), List.of("x,a,b", "1,0.2,0.8"));
        assertEquals(Main.USAGE, run("profile", "--data", data.toString(), "--out", dir.resolve("p.json").toString(),
                "--probabilities", "a,b"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("need a label column"),
                err.toString(StandardCharsets.UTF_8));
    }
}
