package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.model.testing.TestModels;
import io.plumbline.serving.connection.RawConnection;
import io.plumbline.tensor.DataType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The direct infer route against Micronaut's route as the reference: the same calls get the same
 * answers, a call the route does not take still gets its answer, pipelined calls on both routes are
 * answered in request order, and {@code Connection: close} is kept. Raw HTTP/1.1 over a socket, so
 * no client library decides which route a call takes (a query string sends a call to Micronaut).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectInferRouteTest implements TestPropertyProvider {
    private static final String VIA_MICRONAUT = "?via=micronaut";

    @Inject
    EmbeddedServer server;

    @Inject
    DirectInferRoute route;

    private String slowBody;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path repo = Files.createTempDirectory("plumbline-direct");
            TestRepository.copyDemo(repo.resolve("weather"));
            TestModels.identity(repo.resolve("id_fp64").resolve("1"), DataType.FP64);
            // Tens of milliseconds a call, on a worker: long enough for a later call to overtake it.
            TestModels.mlp(repo.resolve("slow").resolve("1"), 256, 1024, 4, 10, 3);
            Files.writeString(repo.resolve("slow").resolve("model.yaml"), "batching:\n  enabled: false\n");
            return Map.of("plumbline.registry.uri", repo.toString(), "micronaut.server.port", "-1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void start() {
        new V2Client(server.getURI()).awaitReady();
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 128 * 256; i++) {
            data.append(i == 0 ? "" : ",").append((i % 7) / 7.0);
        }
        slowBody = "{\"id\":\"slow\",\"inputs\":[{\"name\":\"x\",\"shape\":[128,256],\"datatype\":\"FP32\",\"data\":["
                + data + "]}]}";
    }

    @Test
    void everyCase_getsTheAnswerMicronautsRouteGives() throws IOException {
        byte[] json = bytes("{\"id\":\"b\",\"inputs\":[{\"name\":\"x\",\"shape\":[1,2],\"datatype\":\"FP64\","
                + "\"parameters\":{\"binary_data_size\":16}}]}");
        byte[] binaryIn = new byte[json.length + 16];
        System.arraycopy(json, 0, binaryIn, 0, json.length);
        binaryIn[json.length + 6] = (byte) 0xF0;
        binaryIn[json.length + 7] = 0x3F; // 1.0, little-endian
        String weather = "{\"id\":\"w\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
                + "\"data\":[0.0,12.8,5.0,4.7]}]}";
        List<Call> calls = List.of(
                new Call("/v2/models/weather/infer", weather, Map.of()),
                new Call("/v2/models/weather/versions/1/infer", weather, Map.of()),
                new Call("/v2/models/weather/versions/9/infer", weather, Map.of()),
                new Call("/v2/models/nope/infer", weather, Map.of()),
                new Call("/v2/models/weather/infer", "{\"inputs\": [", Map.of()),
                new Call("/v2/models/weather/infer", "", Map.of()),
                new Call("/v2/models/weather/infer", weather, Map.of(InferCall.HEADER_LENGTH, "x")),
                new Call("/v2/models/id_fp64/infer", "{\"id\":\"o\",\"parameters\":{\"binary_data_output\":true},"
                        + "\"inputs\":[{\"name\":\"x\",\"shape\":[1,2],\"datatype\":\"FP64\",\"data\":[1,2]}]}", Map.of()),
                new Call("/v2/models/id_fp64/infer", binaryIn,
                        Map.of(InferCall.HEADER_LENGTH, Integer.toString(json.length),
                                "Content-Type", "application/octet-stream")));
        try (RawConnection c = new RawConnection(server.getPort())) {
            for (Call call : calls) {
                long before = route.taken();
                RawHttp.Answer direct = RawHttp.Answer.of(RawHttp.exchange(c, call.path(), call.body(), call.headers()));
                assertEquals(before + 1, route.taken(), "the direct route took " + call.path());
                RawHttp.Answer micronaut = RawHttp.Answer.of(RawHttp.exchange(c, call.path() + VIA_MICRONAUT, call.body(), call.headers()));
                assertEquals(before + 1, route.taken(), "Micronaut's route took " + call.path() + VIA_MICRONAUT);
                assertEquals(micronaut, direct, call.path() + " " + new String(call.body(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aLargeAnswer_isGzipped_asMicronautsRouteGzipsIt_whenTheClientAcceptsIt() throws IOException {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            data.append(i == 0 ? "" : ",").append(i * 1.5);
        }
        byte[] body = bytes("{\"id\":\"big\",\"inputs\":[{\"name\":\"x\",\"shape\":[1,400],\"datatype\":\"FP64\",\"data\":["
                + data + "]}]}");
        try (RawConnection c = new RawConnection(server.getPort())) {
            for (Map<String, String> accept : List.of(Map.of("Accept-Encoding", "gzip, deflate"),
                    Map.of("Accept-Encoding", "gzip;q=0, identity"), Map.<String, String>of())) {
                RawConnection.Outcome direct = RawHttp.exchange(c, "/v2/models/id_fp64/infer", body, accept);
                RawConnection.Outcome micronaut = RawHttp.exchange(c, "/v2/models/id_fp64/infer" + VIA_MICRONAUT, body,
                        accept);
                String encoding = RawHttp.Answer.of(micronaut).headers().get("content-encoding");
                assertEquals(encoding, RawHttp.Answer.of(direct).headers().get("content-encoding"), accept.toString());
                assertEquals(accept.isEmpty() || accept.get("Accept-Encoding").contains("q=0") ? null : "gzip", encoding,
                        "Micronaut's route compresses an answer of " + RawHttp.body(micronaut).length + " bytes");
                assertEquals(new String(RawHttp.body(micronaut), StandardCharsets.UTF_8),
                        new String(RawHttp.body(direct), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void pipelinedCalls_onBothRoutes_areAnsweredInRequestOrder() throws IOException {
        try (RawConnection c = new RawConnection(server.getPort())) {
            // A first slow call, so the batcher knows the model is too slow to run on the event loop.
            assertEquals(200, RawHttp.Answer.of(RawHttp.exchange(c, "/v2/models/slow/infer", bytes(slowBody), Map.of())).status());
            StringBuilder pipeline = new StringBuilder()
                    .append(RawHttp.request("/v2/models/slow/infer" + VIA_MICRONAUT, slowBody, Map.of()))
                    .append(RawHttp.request("/v2/models/weather/infer", weatherWithId("second"), Map.of()))
                    .append("GET /v2/health/live HTTP/1.1\r\nHost: x\r\n\r\n")
                    .append(RawHttp.request("/v2/models/weather/infer", weatherWithId("fourth"), Map.of()))
                    .append(RawHttp.request("/v2/models/weather/infer", weatherWithId("fifth"), Map.of()));
            assertTrue(c.send(pipeline.toString()));
            List<String> order = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                RawHttp.Answer a = RawHttp.Answer.of(c.readResponse(30_000));
                assertEquals(200, a.status(), a.body());
                order.add(a.body().contains("\"live\"") ? "live" : a.body().replaceAll("(?s).*\"id\":\"([a-z]+)\".*", "$1"));
            }
            assertEquals(List.of("slow", "second", "live", "fourth", "fifth"), order);
        }
    }

    @Test
    void connectionClose_isAnsweredThenClosed() throws IOException {
        long before = route.taken();
        try (RawConnection c = new RawConnection(server.getPort())) {
            RawConnection.Outcome o = c.exchange(RawHttp.request("/v2/models/weather/infer", weatherWithId("bye"),
                    Map.of("Connection", "close")), 10_000);
            assertTrue(o.closed(), "the server closed the connection");
            RawHttp.Answer a = RawHttp.Answer.of(o);
            assertEquals(200, a.status(), a.body());
            assertEquals("close", a.headers().get("connection"));
        }
        assertEquals(before + 1, route.taken());
    }

    private static String weatherWithId(String id) {
        return "{\"id\":\"" + id + "\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
                + "\"data\":[0.0,12.8,5.0,4.7]}]}";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private record Call(String path, byte[] body, Map<String, String> headers) {
        Call(String path, String body, Map<String, String> headers) {
            this(path, bytes(body), headers);
        }
    }

}
