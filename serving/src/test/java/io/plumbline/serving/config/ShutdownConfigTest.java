package io.plumbline.serving.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.context.ApplicationContext;
import io.plumbline.monitor.config.ConfigValueException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShutdownConfigTest {

    @Test
    void negativeDurations_areRefusedWithTheKeyTheValueAndAnExample() {
        ConfigValueException grace = assertThrows(ConfigValueException.class,
                () -> new ShutdownConfig(Duration.ofMillis(-1500), Duration.ofSeconds(15)));
        assertEquals("plumbline.shutdown.grace-period '-1500ms' must be a duration of 0 or more; for example 5s "
                + "(PLUMBLINE_SHUTDOWN_GRACE_PERIOD=5s)", grace.getMessage());
        ConfigValueException drain = assertThrows(ConfigValueException.class,
                () -> new ShutdownConfig(Duration.ZERO, Duration.ofSeconds(-2)));
        assertEquals("plumbline.shutdown.drain-timeout '-2s' must be a duration of 0 or more; for example 15s "
                + "(PLUMBLINE_SHUTDOWN_DRAIN_TIMEOUT=15s)", drain.getMessage());
    }

    @Test
    void zero_isAllowed() {
        ShutdownConfig c = new ShutdownConfig(Duration.ZERO, Duration.ZERO);
        assertEquals(Duration.ZERO, c.gracePeriod());
    }

    @Test
    void defaults_andOverridesAsConfigured() {
        try (ApplicationContext ctx = ApplicationContext.run()) {
            assertEquals(new ShutdownConfig(Duration.ofSeconds(5), Duration.ofSeconds(15)), ctx.getBean(ShutdownConfig.class));
        }
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("plumbline.shutdown.grace-period", "250ms",
                "plumbline.shutdown.drain-timeout", "1m"))) {
            assertEquals(new ShutdownConfig(Duration.ofMillis(250), Duration.ofMinutes(1)), ctx.getBean(ShutdownConfig.class));
        }
    }

    @Test
    void aNegativeValueInConfiguration_stopsTheStart() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> ApplicationContext.run(Map.of("plumbline.shutdown.drain-timeout", "-5s")).close());
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertEquals("plumbline.shutdown.drain-timeout '-5s' must be a duration of 0 or more; for example 15s "
                + "(PLUMBLINE_SHUTDOWN_DRAIN_TIMEOUT=15s)", root.getMessage());
    }
}
