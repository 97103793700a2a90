package io.plumbline.monitor.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.monitor.drift.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AlertDecisionTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private final AlertTracker tracker = new AlertTracker(AlertPolicy.defaults(), Clock.fixed(T0, ZoneOffset.UTC));

    private static Instant minutes(long m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    @Test
    void observe_needsTwoConsecutiveDriftedWindows() {
        assertFalse(tracker.observe("m", "f", Verdict.DRIFT, minutes(0)));
        assertTrue(tracker.observe("m", "f", Verdict.DRIFT, minutes(5)));
    }

    @Test
    void observe_noDriftOrInsufficientData_resetsTheStreak() {
        tracker.observe("m", "f", Verdict.DRIFT, minutes(0));
        tracker.observe("m", "f", Verdict.INSUFFICIENT_DATA, minutes(5));
        assertFalse(tracker.observe("m", "f", Verdict.DRIFT, minutes(10)));
        tracker.observe("m", "f", Verdict.NO_DRIFT, minutes(15));
        assertFalse(tracker.observe("m", "f", Verdict.DRIFT, minutes(20)));
        assertTrue(tracker.observe("m", "f", Verdict.DRIFT, minutes(25)));
    }

    @Test
    void observe_persistentDrift_alertsAgainOnlyAfterCooldown() {
        tracker.observe("m", "f", Verdict.DRIFT, minutes(0));
        assertTrue(tracker.observe("m", "f", Verdict.DRIFT, minutes(5)));
        for (long t = 10; t < 65; t += 5) {
            assertFalse(tracker.observe("m", "f", Verdict.DRIFT, minutes(t)), "cooling down at " + t);
        }
        assertTrue(tracker.observe("m", "f", Verdict.DRIFT, minutes(65)));
        assertEquals(minutes(65), tracker.state("m", "f").lastAlert());
    }

    @Test
    void observe_keysAreIndependentPerModelAndFeature() {
        tracker.observe("m", "f", Verdict.DRIFT, minutes(0));
        assertFalse(tracker.observe("m", "g", Verdict.DRIFT, minutes(5)));
        assertFalse(tracker.observe("other", "f", Verdict.DRIFT, minutes(5)));
        assertTrue(tracker.observe("m", "f", Verdict.DRIFT, minutes(5)));
    }

    @Test
    void observe_withoutInstant_usesInjectedClock() {
        tracker.observe("m", "f", Verdict.DRIFT);
        assertTrue(tracker.observe("m", "f", Verdict.DRIFT));
        assertEquals(T0, tracker.state("m", "f").lastAlert());
    }

    @Test
    void next_isPure() {
        AlertDecision decision = new AlertDecision(new AlertPolicy(1, Duration.ZERO));
        AlertState start = new AlertState(3, minutes(0));
        AlertDecision.Step a = decision.next(start, Verdict.DRIFT, minutes(1));
        AlertDecision.Step b = decision.next(start, Verdict.DRIFT, minutes(1));
        assertEquals(a, b);
        assertEquals(new AlertState(4, minutes(1)), a.state());
    }
}
