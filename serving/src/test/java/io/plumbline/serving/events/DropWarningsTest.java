package io.plumbline.serving.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Losses are reported at once, then at most once per interval, with the count and the latest reason. */
class DropWarningsTest {
    private long now = 1_000_000_000L;
    private final List<String> log = new ArrayList<>();
    private final DropWarnings warnings = new DropWarnings(Duration.ofSeconds(30), () -> now, log::add);

    @Test
    void firstLoss_isReportedAtOnce_thenAtMostEveryInterval() {
        warnings.lost("dropped", "buffer full");
        assertEquals(1, log.size());
        assertTrue(log.get(0).startsWith("1 prediction event(s) dropped"), log.get(0));
        assertTrue(log.get(0).contains("buffer full"), log.get(0));

        for (int i = 0; i < 99; i++) {
            now += Duration.ofMillis(100).toNanos();
            warnings.lost("dropped", "buffer full");
        }
        assertEquals(1, log.size(), "nothing more within 30 s");

        now += Duration.ofSeconds(21).toNanos();
        warnings.lost("failed", "delivery timed out");
        assertEquals(2, log.size());
        assertTrue(log.get(1).startsWith("100 prediction event(s) failed"), log.get(1));
        assertTrue(log.get(1).contains("latest reason: delivery timed out"), log.get(1));
    }

    @Test
    void quietPeriod_thenNextLoss_isReportedAtOnce() {
        warnings.lost("dropped", "a");
        now += Duration.ofMinutes(10).toNanos();
        warnings.lost("dropped", "b");
        assertEquals(List.of(1, 1), log.stream().map(l -> Integer.parseInt(l.split(" ")[0])).toList());
    }
}
