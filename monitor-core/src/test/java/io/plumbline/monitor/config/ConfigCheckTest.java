package io.plumbline.monitor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A value Micronaut cannot convert used to be bound as absent, leaving the default in force without a word
 * ({@code PLUMBLINE_MONITOR_WINDOW_SIZE=5} ran 5-minute windows). Now the start stops with the key, the
 * value and an example; values in range bind as given.
 */
class ConfigCheckTest {

    private static ConfigValueException refusal(Map<String, Object> properties) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> ApplicationContext.run(properties).close());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigValueException c) {
                return c;
            }
        }
        throw new AssertionError("no ConfigValueException in the cause chain", e);
    }

    @Test
    void aDurationWithoutAUnit_stopsTheStart() {
        ConfigValueException e = refusal(Map.of("plumbline.monitor.window.size", "5"));
        assertEquals("plumbline.monitor.window.size '5' is not a duration (a number and a unit: ms, s, m, h or d; "
                + "or ISO-8601 such as PT10S); for example 5m (PLUMBLINE_MONITOR_WINDOW_SIZE=5m)", e.getMessage());
        assertEquals("5", e.value());
    }

    @Test
    void aMisspelledUnit_stopsTheStart() {
        assertEquals("plumbline.monitor.window.grace", refusal(Map.of("plumbline.monitor.window.grace", "5sec")).key());
    }

    @Test
    void aNumberThatIsNotOne_stopsTheStart() {
        ConfigValueException e = refusal(Map.of("plumbline.monitor.window.min-count", "lots"));
        assertEquals("plumbline.monitor.window.min-count 'lots' is not a whole number; for example 500 "
                + "(PLUMBLINE_MONITOR_WINDOW_MIN_COUNT=500)", e.getMessage());
        assertEquals("plumbline.monitor.thresholds.alpha",
                refusal(Map.of("plumbline.monitor.thresholds.alpha", "5%")).key());
    }

    @Test
    void outOfRangeAndUnknownChoices_stopTheStart() {
        assertEquals("plumbline.monitor.window.size '0s' must be a duration above 0; for example 5m "
                + "(PLUMBLINE_MONITOR_WINDOW_SIZE=5m)", refusal(Map.of("plumbline.monitor.window.size", "0s")).getMessage());
        assertEquals("plumbline.monitor.alert.cooldown '-5s' must be a duration of 0 or more; for example 1h "
                + "(PLUMBLINE_MONITOR_ALERT_COOLDOWN=1h)", refusal(Map.of("plumbline.monitor.alert.cooldown", "-5s")).getMessage());
        assertEquals("plumbline.monitor.thresholds.correction 'bonf' is not one of bonferroni, bh, none; for example "
                + "bonferroni (PLUMBLINE_MONITOR_THRESHOLDS_CORRECTION=bonferroni)",
                refusal(Map.of("plumbline.monitor.thresholds.correction", "bonf")).getMessage());
        assertEquals("plumbline.monitor.thresholds.alpha '1.5' must be above 0 and below 1; for example 0.05 "
                + "(PLUMBLINE_MONITOR_THRESHOLDS_ALPHA=0.05)",
                refusal(Map.of("plumbline.monitor.thresholds.alpha", "1.5")).getMessage());
    }

    @Test
    void goodValues_bindAsGiven() {
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("plumbline.monitor.window.size", "4s",
                "plumbline.monitor.window.grace", "PT1S", "plumbline.monitor.window.min-count", "20"))) {
            assertEquals(new WindowConfig(Duration.ofSeconds(4), Duration.ofSeconds(1), 20), ctx.getBean(WindowConfig.class));
        }
    }

    @Test
    void unknownPlumblineVariables_getTheClosestKnownName() {
        try (ApplicationContext ctx = ApplicationContext.run()) {
            KnownSettings known = KnownSettings.of(ctx);
            List<String> lines = UnknownVariables.warnings(Map.of(
                    "PLUMBLINE_MONITOR_WINDOW_SIZ", "4s",             // typo: warned
                    "PLUMBLINE_MONITOR_THRESHOLD_ALPHA", "0.01",      // typo: warned
                    "PLUMBLINE_MONITOR_WINDOW_SIZE", "4s",            // known
                    "PLUMBLINE_MONITOR_WEBHOOKS_0_URL", "http://x",   // an entry of a list
                    "PATH", "/bin"), known.envNames(), known.envPrefixes());
            assertEquals(List.of(
                    "Unknown environment variable PLUMBLINE_MONITOR_THRESHOLD_ALPHA is ignored: no such setting; did you "
                            + "mean PLUMBLINE_MONITOR_THRESHOLDS_ALPHA?",
                    "Unknown environment variable PLUMBLINE_MONITOR_WINDOW_SIZ is ignored: no such setting; did you "
                            + "mean PLUMBLINE_MONITOR_WINDOW_SIZE?"), lines);
        }
    }
}
