package io.plumbline.bench.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each stage's time is read from the injected clock around its work; the total runs from construction. */
class StageTimesTest {

    @Test
    void recordsEachStage_andTheTotalSinceConstruction() throws Exception {
        long[] now = {1_000_000_000L};
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        StageTimes times = new StageTimes(() -> now[0], new PrintStream(printed, true, StandardCharsets.UTF_8));
        now[0] += 5_000_000_000L; // set-up between stages: in the total, in no stage
        String result = times.time("JMH", () -> {
            now[0] += 185_400_000_000L;
            return "scores";
        });
        times.time("Tracing", () -> {
            now[0] += 42_000_000_000L;
            return null;
        });
        assertEquals("scores", result);
        assertEquals(List.of(new StageTimes.Entry("JMH", Duration.ofMillis(185_400)),
                new StageTimes.Entry("Tracing", Duration.ofSeconds(42))), times.entries());
        assertEquals(Duration.ofMillis(232_400), times.total());
        assertEquals("  (JMH: 3 min 05 s)\n  (Tracing: 42 s)\n", printed.toString(StandardCharsets.UTF_8));
    }
}
