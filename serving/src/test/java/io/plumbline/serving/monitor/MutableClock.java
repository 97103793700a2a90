package io.plumbline.serving.monitor;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The embedded monitor's clock in tests: moved by the test, so windows close when it says so. */
@Singleton
@Named(MonitorClockFactory.NAME)
@Replaces(bean = Clock.class, named = MonitorClockFactory.NAME)
@Requires(property = "spec.name",
        pattern = "EmbeddedMonitorTest|DriftPageTest|EmbeddedFeedbackTest|EmbeddedSegmentsTest|EmbeddedTraceTest")
final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
