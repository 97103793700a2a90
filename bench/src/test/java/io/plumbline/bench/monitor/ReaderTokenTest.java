package io.plumbline.bench.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The monitor readers' {@code guarantee@interval} tokens, and the default that measures issue 16's interval. */
class ReaderTokenTest {
    @Test
    void intervals_inSecondsOrMilliseconds() {
        assertEquals(Duration.ofSeconds(1), MonitorRun.interval("1s"));
        assertEquals(Duration.ofMillis(250), MonitorRun.interval("250ms"));
        assertThrows(IllegalArgumentException.class, () -> MonitorRun.interval("1m"));
    }

    @Test
    void default_exactlyOnceAtOneSecond_andAtLeastOnce() {
        assertEquals(List.of("exactly_once_v2@1s", "at_least_once"), ThroughputSettings.parse(Map.of()).guarantees());
    }
}
