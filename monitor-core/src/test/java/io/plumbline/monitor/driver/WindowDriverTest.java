package io.plumbline.monitor.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.PredictionEvent;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.alert.AlertPolicy;
import io.plumbline.monitor.metrics.EventOutcome;
import io.plumbline.monitor.result.WindowResult;
import io.plumbline.monitor.result.WindowSpec;
import io.plumbline.monitor.testing.DriftTraffic;
import io.plumbline.monitor.testing.TestMonitors;
import io.plumbline.monitor.webhook.WebhookDispatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one window driver both monitors use: events counted into (model, version, window), a window
 * published once when time passes its end plus grace, late and unknown events counted and skipped, and
 * open windows surviving a restart through their storage. Expected row counts are the rows the test sent,
 * added by hand; the event outcomes are counted by the test too and compared with the counters.
 */
class WindowDriverTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final WindowSpec SPEC = new WindowSpec(Duration.ofMinutes(1), Duration.ofSeconds(10));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WebhookDispatcher webhooks = TestMonitors.dispatcher(registry, List.of());
    private final MonitorCore core = TestMonitors.core(registry, SPEC, AlertPolicy.defaults(), webhooks);
    private final DriftTraffic traffic = new DriftTraffic(11);
    private final Map<String, byte[]> profiles = new HashMap<>();
    private final List<WindowResult> published = new ArrayList<>();

    @AfterEach
    void close() {
        webhooks.close();
    }

    private WindowDriver driver(WindowStorage storage) {
        return new WindowDriver(core, SPEC, new ProfileCache(profiles::get), storage, published::add, (o, p, s) -> { });
    }

    private void profile(String model, String version) {
        ReferenceProfile p = traffic.profile(500, 10);
        profiles.put(model + ":" + version, DriftTraffic.profileJson(p));
    }

    private void send(WindowDriver driver, String model, String version, long atSeconds, int rows, long nowSeconds) {
        driver.count(traffic.event(model, version, T0.plusSeconds(atSeconds), rows, null, 0),
                T0.plusSeconds(atSeconds).toEpochMilli(), T0.plusSeconds(nowSeconds).toEpochMilli());
        driver.closeDue(T0.plusSeconds(nowSeconds).toEpochMilli());
    }

    @Test
    void eachWindowIsPublishedOnceWithItsRows_afterItsEndPlusGrace() {
        profile("weather", "1");
        profile("weather", "2");
        WindowDriver driver = driver(WindowStorage.NONE);
        send(driver, "weather", "1", 5, 3, 5);
        send(driver, "weather", "1", 20, 2, 20);
        send(driver, "weather", "2", 30, 4, 30);
        // The next window's first event: the first window ended at 60 s but its grace runs to 70 s.
        send(driver, "weather", "1", 65, 1, 65);
        assertEquals(List.of(), published, "closed before its end plus grace");

        driver.closeDue(T0.plusSeconds(70).toEpochMilli());
        assertEquals(2, published.size(), "both versions' first windows close at 70 s: " + published);
        WindowResult v1 = published.stream().filter(r -> r.version().equals("1")).findFirst().orElseThrow();
        WindowResult v2 = published.stream().filter(r -> r.version().equals("2")).findFirst().orElseThrow();
        assertEquals(3 + 2, v1.report().rows());
        assertEquals(4, v2.report().rows());
        assertEquals(T0, v1.start());
        assertEquals(T0.plusSeconds(60), v1.end());

        driver.closeDue(T0.plusSeconds(130).toEpochMilli());
        assertEquals(3, published.size());
        assertEquals(1, published.get(2).report().rows());
        assertEquals(T0.plusSeconds(60), published.get(2).start());
        driver.closeDue(T0.plusSeconds(500).toEpochMilli());
        assertEquals(3, published.size(), "a window is published once");
        assertEquals(4, core.events().count(EventOutcome.OK));
    }

    @Test
    void lateAndUnknownEventsAreCountedAndSkipped() {
        profile("weather", "1");
        WindowDriver driver = driver(WindowStorage.NONE);
        send(driver, "weather", "1", 5, 3, 5);
        // At 75 s the window [0, 60) is past its end plus grace: closed, so an event of 30 s is late.
        send(driver, "weather", "1", 30, 2, 75);
        send(driver, "fraud", "1", 80, 2, 80);
        assertEquals(1, published.size());
        assertEquals(3, published.get(0).report().rows(), "the late rows stayed out of the closed window");
        assertEquals(1, core.events().count(EventOutcome.OK));
        assertEquals(1, core.events().count(EventOutcome.LATE));
        assertEquals(1, core.events().count(EventOutcome.UNKNOWN_MODEL));
        assertEquals(0, driver.openWindows());
    }

    @Test
    void openWindowsSurviveARestartThroughTheirStorage() {
        profile("weather", "1");
        MapStorage storage = new MapStorage();
        WindowDriver first = driver(storage);
        send(first, "weather", "1", 5, 3, 5);
        send(first, "weather", "1", 10, 4, 10);
        assertEquals(1, storage.bytes.size());

        // A new driver on the same storage, as after a crash: nothing in memory, the window indexed from storage.
        WindowDriver second = driver(storage);
        second.restore();
        assertEquals(1, second.openWindows());
        send(second, "weather", "1", 40, 2, 40);
        second.closeDue(T0.plusSeconds(70).toEpochMilli());
        assertEquals(1, published.size());
        assertEquals(3 + 4 + 2, published.get(0).report().rows());
        assertTrue(storage.bytes.isEmpty(), "a closed window leaves the storage");

        // Restored and closed without a further event: the stored counts alone are published.
        WindowDriver third = driver(storage);
        send(third, "weather", "1", 75, 5, 75);
        WindowDriver fourth = driver(storage);
        fourth.restore();
        fourth.closeDue(T0.plusSeconds(200).toEpochMilli());
        assertEquals(2, published.size());
        assertEquals(5, published.get(1).report().rows());
    }

    private void sendTraced(WindowDriver driver, String requestId, String traceparent, long atSeconds) {
        PredictionEvent e = traffic.event("weather", "1", T0.plusSeconds(atSeconds), 2, null, 0);
        e = new PredictionEvent(e.model(), e.version(), requestId, e.timestamp(), e.latencyMicros(), e.parameters(),
                e.inputs(), e.outputs());
        long at = T0.plusSeconds(atSeconds).toEpochMilli();
        driver.count(e, traceparent, null, at, at);
    }

    @Test
    void theFirstTracedEventOfAWindow_isItsExample_alsoAfterARestart() {
        profile("weather", "1");
        MapStorage storage = new MapStorage();
        WindowDriver first = driver(storage);
        sendTraced(first, "untraced", null, 1);
        sendTraced(first, "bad", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01", 2);
        sendTraced(first, "first", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", 3);

        // A crash: the next driver knows the window only from its stored bytes.
        WindowDriver second = driver(storage);
        second.restore();
        sendTraced(second, "second", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", 4);
        second.closeDue(T0.plusSeconds(70).toEpochMilli());

        assertEquals(1, published.size());
        assertEquals(8, published.get(0).report().rows(), "every event counted, the one with a bad traceparent too");
        var trace = published.get(0).counts().trace();
        assertEquals("0af7651916cd43dd8448eb211c80319c", trace.example().traceId());
        assertEquals("first", trace.requestId());
        assertEquals(2, trace.traced());
        assertEquals(1, core.events().invalidTraces(), "the uppercase traceparent");

        // The next window starts without an example.
        sendTraced(second, "untraced", null, 75);
        second.closeDue(T0.plusSeconds(200).toEpochMilli());
        assertNull(published.get(1).counts().trace().example());
    }
}
