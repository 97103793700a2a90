package io.plumbline.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The start-up stage's idle RSS, read from a {@code /proc/PID/status} text. */
class VmRssTest {
    // Lines as Linux 6.x writes them (a real process's status, trimmed); VmHWM comes first on purpose.
    private static final String STATUS = """
            Name:\tjava
            State:\tS (sleeping)
            Pid:\t4242
            VmPeak:\t 4123456 kB
            VmSize:\t 4023456 kB
            VmHWM:\t  301234 kB
            VmRSS:\t  287654 kB
            RssAnon:\t  250000 kB
            Threads:\t42
            """;

    @Test
    void vmRss_isTheResidentSetInKiB_notTheHighWaterMark() {
        assertEquals(287_654, VmRss.parse(STATUS));
    }

    @Test
    void noVmRssLine_isAnError() {
        assertThrows(IllegalArgumentException.class, () -> VmRss.parse("Name:\tjava\nState:\tZ (zombie)\n"));
    }
}
