package io.plumbline.serving.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import io.plumbline.monitor.config.ConfigValueException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Tracing on and off in a running server: off (no {@code OTEL_TRACES_EXPORTER}), there is no SDK and
 * {@code /prometheus} carries no exemplar even for a request that sent a {@code traceparent}; on, the
 * OpenMetrics answer carries the request's trace id as the {@code inference.requests} exemplar, and the
 * text format (which has no exemplars) stays as it was.
 */
class TracingSwitchTest {
    private static final String OPEN_METRICS_ACCEPT =
            "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void configured_onlyWhenATracesExporterIsNamed() {
        Properties none = new Properties();
        assertFalse(Tracing.configured(Map.of(), none), "nothing set");
        assertFalse(Tracing.configured(Map.of("OTEL_TRACES_EXPORTER", "none"), none));
        assertTrue(Tracing.configured(Map.of("OTEL_TRACES_EXPORTER", "otlp"), none));
        Properties off = new Properties();
        off.setProperty("otel.traces.exporter", "none");
        assertFalse(Tracing.configured(Map.of("OTEL_TRACES_EXPORTER", "otlp"), off), "the property wins");
        assertFalse(Tracing.configured(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_SDK_DISABLED", "true"), none));
    }

    @Test
    void anExporterServingDoesNotShip_stopsTheStart_namingTheSetting() {
        ConfigValueException e = assertThrows(ConfigValueException.class,
                () -> Tracing.fromEnvironment(Map.of("OTEL_TRACES_EXPORTER", "zipkin"), new Properties()));
        assertTrue(e.getMessage().startsWith("otel.traces.exporter 'zipkin' names an exporter"), e.getMessage());
        assertTrue(e.getMessage().contains("(OTEL_TRACES_EXPORTER=otlp)"), e.getMessage());
    }

    @Test
    void aBadSampler_stopsTheStart_withTheSdksMessageAndAnExample() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Tracing.fromEnvironment(
                Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_TRACES_SAMPLER", "sometimes"), new Properties()));
        assertTrue(e.getMessage().contains("otel.traces.sampler") && e.getMessage().contains("sometimes"),
                e.getMessage());
        assertTrue(e.getMessage().contains("for example OTEL_TRACES_EXPORTER=otlp"), e.getMessage());
    }

    /**
     * The batch processor exports every few seconds; closing (serving's shutdown) must export what is
     * still queued. Here the schedule is 10 minutes, so only the flush on close can deliver the span,
     * over real OTLP/HTTP to a receiver run here.
     */
    @Test
    void close_flushesTheSpansNotYetExported() throws Exception {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/traces", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(in.readAllBytes());
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Tracing tracing = Tracing.fromEnvironment(Map.of("OTEL_TRACES_EXPORTER", "otlp",
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + receiver.getAddress().getPort(),
                    "OTEL_BSP_SCHEDULE_DELAY", "600000"), new Properties());
            RequestTrace trace = tracing.start("probe", "rest", null, GrpcMetadataGetter.INSTANCE);
            trace.end("bad_request");
            assertEquals(List.of(), bodies, "exported before close");
            tracing.close();
            byte[] id = HexFormat.of().parseHex(trace.traceId());
            assertTrue(bodies.stream().anyMatch(b -> new String(b, StandardCharsets.ISO_8859_1)
                    .contains(new String(id, StandardCharsets.ISO_8859_1))), "no export holds the trace id");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void tracingOff_noSdk_andNoExemplars() throws Exception {
        try (EmbeddedServer server = start(Map.of())) {
            Tracing tracing = server.getApplicationContext().getBean(Tracing.class);
            assertFalse(tracing.enabled());
            // The no-op tracer: whatever asks it for a span gets one that records nothing and has no id.
            assertFalse(tracing.tracer().spanBuilder("probe").startSpan().getSpanContext().isValid());
            infer(server, "0af7651916cd43dd8448eb211c80319c");
            HttpResponse<String> metrics = scrape(server, OPEN_METRICS_ACCEPT);
            assertTrue(metrics.body().contains("inference_requests_seconds_bucket{"), metrics.body());
            assertFalse(metrics.body().contains("trace_id"), "an exemplar with tracing off");
        }
    }

    @Test
    void tracingOn_openMetricsCarriesTheTraceIdAsExemplar() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (EmbeddedServer server = start(Map.of(InMemoryTracing.PROPERTY, "memory"))) {
            infer(server, traceId);
            HttpResponse<String> open = scrape(server, OPEN_METRICS_ACCEPT);
            assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                    open.headers().firstValue("Content-Type").orElse(""));
            assertTrue(open.body().lines().anyMatch(l -> l.startsWith("inference_requests_seconds_bucket{")
                    && l.contains("outcome=\"ok\"") && l.contains("# {span_id=\"")
                    && l.contains("trace_id=\"" + traceId + "\"")), open.body());
            // Only buckets: Prometheus before 2.43 drops a scrape with an exemplar on _count.
            assertFalse(open.body().lines().anyMatch(l -> l.contains(" # {") && !l.contains("_bucket{")),
                    "an exemplar outside a histogram bucket");
            HttpResponse<String> text = scrape(server, null);
            assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            assertFalse(text.body().contains("trace_id"), "the text format has no exemplars");
        }
    }

    private static EmbeddedServer start(Map<String, String> more) {
        Map<String, Object> p = new HashMap<>(TestRepository.serverProperties("plumbline.events.sink", "none"));
        p.putAll(more);
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, p);
        new V2Client(server.getURI()).awaitReady();
        return server;
    }

    private static void infer(EmbeddedServer server, String traceId) {
        V2Client.Reply r = new V2Client(server.getURI()).post("/v2/models/weather/infer",
                ("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
                        + "\"data\":[1.0,12.5,4.0,2.5]}]}").getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
        assertEquals(200, r.status());
    }

    private static HttpResponse<String> scrape(EmbeddedServer server, String accept) throws IOException,
            InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.getURI().resolve("/prometheus"));
        if (accept != null) {
            b.header("Accept", accept);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }
}
