package io.plumbline.serving.monitor;

import static io.plumbline.testing.DomText.match;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import io.plumbline.serving.tracing.InMemoryTracing;
import io.plumbline.testing.Await;
import io.plumbline.testing.PrometheusSamples;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tracing on (the real SDK, spans exported to memory) with the embedded monitor: a request sent with a
 * W3C {@code traceparent} header ends, once the monitor's clock closes its window, in the live drift page's
 * JSON report and its list of windows as the window's example trace: the caller's trace id, and the server
 * span that the SDK exported for the request (read from the exporter, the independent source) as its parent.
 */
@MicronautTest
@Property(name = "spec.name", value = "EmbeddedTraceTest")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedTraceTest implements TestPropertyProvider {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
    private static final String CALLER_SPAN = "eee19b7ec3c1b174";
    private static final String FEATURES = "{\"name\": \"features\", \"shape\": [2, 4], \"datatype\": \"FP32\", "
            + "\"data\": [0.0, 12.8, 5.0, 4.7, 10.9, 10.6, 2.8, 4.5]}";

    @Inject
    EmbeddedServer server;

    @Inject
    MutableClock clock;

    @Inject
    InMemorySpanExporter spans;

    @Override
    public Map<String, String> getProperties() {
        return TestRepository.serverProperties("plumbline.monitor.window.size", "1m",
                InMemoryTracing.PROPERTY, "memory");
    }

    @Test
    void aTracedRequest_isTheClosedWindowsExampleTrace() throws IOException {
        V2Client client = new V2Client(server.getURI());
        client.awaitReady();
        V2Client.Reply traced = client.post("/v2/models/weather/infer",
                ("{\"id\": \"traced-1\", \"inputs\": [" + FEATURES + "]}").getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json",
                        "traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01"));
        assertEquals(200, traced.status(), traced.error());
        // Tracing is on, so this one starts a trace of its own: a second traced event, not the window's example.
        V2Client.Reply other = client.post("/v2/models/weather/infer",
                "{\"id\": \"later\", \"inputs\": [" + FEATURES + "]}");
        assertEquals(200, other.status(), other.error());
        Await.until(() -> new PrometheusSamples(text(client.get("/prometheus")))
                .value("monitor_events_total", "outcome=\"ok\"") == 2, WAIT, () -> "events not counted");
        clock.advance(Duration.ofMinutes(1));
        Await.until(() -> text(client.get("/drift")).contains("<h1>Live drift: weather version 1</h1>"), WAIT,
                () -> "window not closed");

        String page = text(client.get("/drift"));
        assertEquals(TRACE_ID, match(page, "<td data-field=\"trace\">([^<]*)</td>"), "the window list names it");
        JsonNode report = new ObjectMapper().readTree(match(page,
                "<script type=\"application/json\" id=\"drift-report\">(.*?)</script>"));
        JsonNode trace = report.get("trace");
        SpanData server = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && s.getTraceId().equals(TRACE_ID))
                .findFirst().orElseThrow();
        assertEquals(TRACE_ID, trace.get("traceId").asText(), report.toString());
        assertEquals("00-" + TRACE_ID + "-" + server.getSpanId() + "-01", trace.get("traceparent").asText());
        assertNotEquals(CALLER_SPAN, server.getSpanId());
        assertEquals("traced-1", trace.get("requestId").asText());
        assertEquals(2, trace.get("tracedEvents").asLong());
    }

    private static String text(V2Client.Reply r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }
}
