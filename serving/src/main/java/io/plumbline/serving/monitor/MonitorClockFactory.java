package io.plumbline.serving.monitor;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The clock that cuts embedded windows; a bean so tests can move time instead of waiting for it. */
@Factory
final class MonitorClockFactory {
    static final String NAME = "embedded-monitor";

    @Singleton
    @Named(NAME)
    Clock embeddedMonitorClock() {
        return Clock.systemUTC();
    }
}
