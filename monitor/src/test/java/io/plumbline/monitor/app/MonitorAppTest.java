package io.plumbline.monitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.testing.Await;
import io.plumbline.monitor.testing.DriftTraffic;
import io.plumbline.monitor.testing.kafka.KafkaIo;
import io.plumbline.monitor.testing.TestMonitors;
import io.plumbline.testing.WebhookReceiver;
import io.plumbline.testing.WebhookReceiver.Answer;
import io.plumbline.monitor.webhook.Signature;
import io.plumbline.monitor.webhook.WebhookDispatcher;
import io.plumbline.testing.KafkaBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The monitor service as shipped (Micronaut app, real broker, real webhook receivers): reference traffic
 * then one shifted feature shows {@code drift_detected} 1 for that feature only on /prometheus, each
 * receiver gets one alert despite several drifted windows (a 500-answering one after retries, a
 * 400-answering one without), garbage is counted and skipped, /health follows Kafka Streams, and the
 * live page {@code GET /drift} shows the last window with the gauge's numbers.
 */
class MonitorAppTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration SIZE = Duration.ofMinutes(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String SHIFTED = "temp_max";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void driftScenario_endToEnd() throws Exception {
        DriftTraffic traffic = new DriftTraffic(11);
        ReferenceProfile profile = traffic.profile(20_000, 200);
        try (KafkaBroker broker = KafkaBroker.launch();
                KafkaIo kafka = new KafkaIo(broker.bootstrapServers());
                WebhookReceiver ok = WebhookReceiver.scripted(TestMonitors.SECRET, k -> Answer.status(200));
                WebhookReceiver flaky = WebhookReceiver.scripted(TestMonitors.SECRET,
                        k -> Answer.status(k < 2 ? 500 : 200));
                WebhookReceiver refusing = WebhookReceiver.scripted(TestMonitors.SECRET, k -> Answer.status(400))) {
            kafka.createTopics("plumbline.predictions", 2, "plumbline.profiles", "plumbline.drift", "plumbline.dead");
            kafka.send("plumbline.profiles", "weather:1", DriftTraffic.profileJson(profile));
            kafka.flush();
            List<String> args = new ArrayList<>(List.of(
                    "--micronaut.server.port=-1",
                    "--plumbline.monitor.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                    "--plumbline.monitor.kafka.state-dir=" + Files.createTempDirectory("monitor-app"),
                    "--plumbline.monitor.kafka.commit-interval=100ms",
                    "--plumbline.monitor.kafka.dead-letter-topic=plumbline.dead",
                    "--plumbline.monitor.window.size=1m",
                    "--plumbline.monitor.window.grace=0s",
                    "--plumbline.monitor.delivery.initial-backoff=10ms",
                    "--plumbline.monitor.delivery.max-backoff=50ms"));
            List<WebhookReceiver> receivers = List.of(ok, flaky, refusing);
            for (int i = 0; i < receivers.size(); i++) {
                args.add("--plumbline.monitor.webhooks[" + i + "].url=" + receivers.get(i).url());
                args.add("--plumbline.monitor.webhooks[" + i + "].secret=" + TestMonitors.SECRET + i);
            }
            try (ApplicationContext app = MonitorApp.start(args.toArray(String[]::new))) {
                URI base = app.getBean(EmbeddedServer.class).getURI();
                Await.until(() -> get(base.resolve("/health")).statusCode() == 200
                        && get(base.resolve("/health")).body().contains("\"state\":\"RUNNING\""), TIMEOUT,
                        () -> "health: " + get(base.resolve("/health")).body());
                for (String path : List.of("/beans", "/routes", "/threaddump", "/metrics", "/info")) {
                    assertEquals(404, get(base.resolve(path)).statusCode(), path + " must not be served");
                }

                kafka.sendRaw("plumbline.predictions", "weather", "{garbage".getBytes(StandardCharsets.UTF_8), T0);
                for (int w = 0; w < 6; w++) {
                    for (int i = 0; i < 10; i++) {
                        Instant at = T0.plus(SIZE.multipliedBy(w)).plusSeconds(i);
                        kafka.send("plumbline.predictions", traffic.event("weather", "1", at, 100,
                                w >= 2 ? SHIFTED : null, 1.0), at);
                    }
                }
                kafka.send("plumbline.predictions", traffic.event("nosuch", "1", T0, 10, null, 0), T0);
                Instant later = T0.plus(SIZE.multipliedBy(8));
                kafka.send("plumbline.predictions", traffic.event("weather", "1", later, 1, null, 0), later);
                kafka.flush();

                double endOfLast = T0.plus(SIZE.multipliedBy(6)).getEpochSecond();
                Await.until(() -> gauge(base, "drift_window_end", "") == endOfLast, TIMEOUT,
                        () -> "last window not closed: " + scrape(base));
                for (String f : DriftTraffic.FEATURES) {
                    assertEquals(f.equals(SHIFTED) ? 1 : 0, gauge(base, "drift_detected", "feature=\"" + f + "\""), f);
                }
                assertEquals(1000, gauge(base, "drift_window_events", ""));
                assertTrue(gauge(base, "drift_score", "feature=\"" + SHIFTED + "\",method=\"ks\"") > 0.2);
                assertEquals(1, gauge(base, "monitor_events_total", "outcome=\"invalid\""));
                assertEquals(1, gauge(base, "monitor_events_total", "outcome=\"unknown_model\""));
                assertEquals(61, gauge(base, "monitor_events_total", "outcome=\"ok\""), "60 window events and the closer");
                assertTrue(scrape(base).contains("kafka_stream_"), "Kafka Streams client metrics are bound");
                // The live page (GET /drift) shows the same window: its end and the shifted feature's KS statistic.
                HttpResponse<String> page = get(base.resolve("/drift"));
                assertEquals(200, page.statusCode(), page.body());
                assertTrue(page.body().contains("<h1>Live drift: weather version 1</h1>"), page.body());
                assertEquals(Instant.ofEpochSecond((long) endOfLast).toString(),
                        find(page.body(), "<td data-field=\"end\">([^<]*)</td>"));
                assertEquals(gauge(base, "drift_score", "feature=\"" + SHIFTED + "\",method=\"ks\""),
                        Double.parseDouble(find(page.body(), "data-feature=\"" + SHIFTED + "\">.*?<tr data-method=\"ks\">"
                                + ".*?data-field=\"statistic\" data-value=\"([^\"]*)\"")), "page and gauge");
                assertEquals(1, kafka.read("plumbline.dead", 1, TIMEOUT).size());

                ok.await(1, TIMEOUT);
                flaky.await(3, TIMEOUT);
                refusing.await(1, TIMEOUT);
                WebhookDispatcher dispatcher = app.getBean(WebhookDispatcher.class);
                Await.until(() -> dispatcher.pending() == 0, TIMEOUT, () -> "deliveries pending");
                assertEquals(1, ok.calls().size(), "cooldown: one alert for four drifted windows");
                assertEquals(3, flaky.calls().size(), "two 500s, then delivered");
                assertEquals(1, refusing.calls().size(), "400 is not retried");
                for (int i = 0; i < receivers.size(); i++) {
                    WebhookReceiver.Call c = receivers.get(i).calls().get(0);
                    assertTrue(Signature.verify(c.bodyBytes(), TestMonitors.SECRET + i, c.signature()));
                    assertEquals(ok.calls().get(0).eventId(), c.eventId());
                }
                assertEquals(2, gauge(base, "webhook_deliveries_total", "outcome=\"delivered\""));
                assertEquals(2, gauge(base, "webhook_deliveries_total", "outcome=\"retried\""));
                assertEquals(1, gauge(base, "webhook_deliveries_total", "outcome=\"rejected\""));
            }
        }
    }

    private HttpResponse<String> get(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String scrape(URI base) {
        return get(base.resolve("/prometheus")).body();
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        assertTrue(m.find(), "not on the page: " + regex);
        return m.group(1);
    }

    /** The value of the first sample of {@code name} whose labels contain {@code labels}; NaN when none. */
    private double gauge(URI base, String name, String labels) {
        Matcher m = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE).matcher(scrape(base));
        while (m.find()) {
            if (m.group(1).contains(labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return Double.NaN;
    }
}
