package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.model.ModelCatalog;
import io.plumbline.testing.FreePorts;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The requests of the hostile-input probe (issue 12), each sent over real HTTP: every one is a 4xx
 * with a message that names the problem, quotes input only shortened, and shows no parser internals.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest implements TestPropertyProvider {
    private static final String WEATHER = "/v2/models/weather/infer";

    @Inject
    EmbeddedServer server;

    private Path repository;
    private V2Client client;

    @Override
    public Map<String, String> getProperties() {
        repository = TestRepository.create();
        return Map.of("plumbline.registry.uri", repository.toString(), "micronaut.server.port", "-1",
                "grpc.server.port", Integer.toString(FreePorts.loopback(1)[0]),
                "plumbline.repository-api.enabled", "true");
    }

    @BeforeAll
    void start() {
        client = new V2Client(server.getURI());
        client.awaitReady();
    }

    private static String features(String shape, String datatype, String data) {
        return "{\"inputs\":[{\"name\":\"features\",\"shape\":" + shape + ",\"datatype\":\"" + datatype
                + "\",\"data\":" + data + "}]}";
    }

    static void assertError(V2Client.Reply r, int status, String... fragments) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(status, r.status(), body);
        String error = r.error();
        for (String f : fragments) {
            assertTrue(error.contains(f), "error '" + error + "' should mention '" + f + "'");
        }
        for (String internal : new String[] {"StreamReadConstraints", "StreamReadFeature", "JsonReadFeature",
            "Exception", "jackson"}) {
            assertFalse(error.contains(internal), "error '" + error + "' shows " + internal);
        }
    }

    @Test
    void nullRequestParameter_is400NamingIt() {
        assertError(client.post(WEATHER, "{\"parameters\":{\"tenant\":null},\"inputs\":[{\"name\":\"features\","
                + "\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}"), 400, "parameters.tenant", "null");
    }

    @Test
    void plainJsonSentAsGzip_is400() throws Exception {
        byte[] plain = features("[1,4]", "FP32", "[1,2,3,4]").getBytes(StandardCharsets.UTF_8);
        assertError(client.post(WEATHER, plain, Map.of("Content-Encoding", "gzip")), 400, "Content-Encoding");
        // The same body really gzipped is served: the 400 is about the encoding, not the header.
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(plain);
        }
        V2Client.Reply ok = client.post(WEATHER, zipped.toByteArray(), Map.of("Content-Encoding", "gzip"));
        assertEquals(200, ok.status(), new String(ok.body(), StandardCharsets.UTF_8));
    }

    @Test
    void floatsOutsideTheirRange_are400NamingTheInput() {
        // Float.MAX_VALUE is 3.4028235e38 (IEEE 754 binary32); 3.5e38 rounds to Infinity as a float.
        assertError(client.post(WEATHER, features("[1,4]", "FP32", "[1,3.5e38,3,4]")), 400,
                "inputs[0] ('features').data[1]", "3.5e38", "out of range for FP32");
        assertError(client.post(WEATHER, features("[1,4]", "FP32", "[1e400,2,3,4]")), 400,
                "inputs[0] ('features').data[0]", "1e400", "out of range");
        assertError(client.post("/v2/models/id_fp64/infer", "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,2],"
                + "\"datatype\":\"FP64\",\"data\":[1,-1e400]}]}"), 400, "inputs[0] ('x').data[1]", "out of range");
        // The largest float is still a float, and the named non-finite tokens stay accepted.
        assertEquals(200, client.post(WEATHER, features("[1,4]", "FP32", "[3.4028235e38,NaN,Infinity,4]")).status());
    }

    @Test
    void duplicateKeys_are400() {
        assertError(client.post(WEATHER, "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
                + "\"data\":[1,2,3,4],\"data\":[5,6,7,8]}]}"), 400, "'data' twice");
        assertError(client.post(WEATHER, "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
                + "\"datatype\":\"FP32\",\"data\":[1,2,3,4]}],\"inputs\":[]}"), 400, "'inputs' twice");
    }

    @Test
    void nestingThatDisagreesWithTheShape_is400_flatAndExactNestingAreServed() {
        assertError(client.post(WEATHER, features("[1,4]", "FP32", "[[1,2],[3,4]]")), 400, "inputs[0] ('features')",
                "nested exactly as shape [1, 4]");
        assertError(client.post(WEATHER, features("[2,4]", "FP32", "[[1,2,3,4],5,6,7,8]")), 400, "data[1]");
        assertError(client.post(WEATHER, features("[1,4]", "FP32", "[[[1,2,3,4]]]")), 400, "deeper");
        assertEquals(200, client.post(WEATHER, features("[1,4]", "FP32", "[1,2,3,4]")).status());
        assertEquals(200, client.post(WEATHER, features("[1,4]", "FP32", "[[1,2,3,4]]")).status());
        assertEquals(200, client.post(WEATHER, features("[2,4]", "FP32", "[[1,2,3,4],[5,6,7,8]]")).status());
    }

    @Test
    void shapeClaimsWithoutTheValues_are400() {
        assertError(client.post(WEATHER, features("[4000000]", "FP64", "[1]")), 400, "needs 4000000");
        assertError(client.post(WEATHER, features("[10000000]", "FP64", "[1]")), 400, "needs 10000000",
                "more than the request's");
        assertError(client.post(WEATHER, features("[1000000000,4]", "FP32", "[1,2,3,4]")), 400,
                "needs 4000000000 elements", "more than the request's");
        assertError(client.post(WEATHER, features("[-1,4]", "FP32", "[1,2,3,4]")), 400, "shape[0]", "non-negative");
        assertError(client.post(WEATHER, features("[4611686018427387904,4]", "FP32", "[1,2,3,4]")), 400,
                "too large");
    }

    @Test
    void aHugeInputName_isQuotedShort() {
        String name = "n".repeat(1024 * 1024);
        V2Client.Reply r = client.post(WEATHER, "{\"inputs\":[{\"name\":\"" + name + "\",\"shape\":[1,4],"
                + "\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}");
        assertError(r, 400, "…(1048576 bytes)");
        assertTrue(r.body().length < 2048, "error body of " + r.body().length + " bytes");
    }

    @Test
    void deepJson_namesTheLimitNotTheParser() {
        String deep = "[".repeat(40) + "]".repeat(40);
        assertError(client.post(WEATHER, "{\"x\":" + deep + ",\"inputs\":[]}"), 400,
                "nested deeper than 32 levels", "plumbline.limits.max-json-depth");
    }

    @Test
    void aLongModelNameOrQuery_is414_aLargeHeader_is431() {
        assertError(client.post("/v2/models/" + "m".repeat(10_000) + "/infer", features("[1,4]", "FP32", "[1,2,3,4]")),
                414, "request line", "4096 bytes", "micronaut.server.netty.max-initial-line-length");
        assertError(client.get("/v2/health/live?q=" + "q".repeat(100_000)), 414, "request line");
        assertError(client.post(WEATHER, features("[1,4]", "FP32", "[1,2,3,4]").getBytes(StandardCharsets.UTF_8),
                Map.of("X-Big", "h".repeat(10_000))), 431, "8192 bytes", "micronaut.server.netty.max-header-size");
        // Under the limits the same requests are served.
        assertEquals(200, client.post(WEATHER, features("[1,4]", "FP32", "[1,2,3,4]").getBytes(StandardCharsets.UTF_8),
                Map.of("X-Big", "h".repeat(4_000))).status());
    }

    @Test
    void loadingAnUnknownModel_is404WithoutThePathOrAnErrorLog() {
        Logger catalogLog = (Logger) LoggerFactory.getLogger(ModelCatalog.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        catalogLog.addAppender(seen);
        try {
            for (int i = 0; i < 3; i++) {
                V2Client.Reply r = client.post("/v2/repository/models/nope" + i + "/load", "");
                assertError(r, 404, "'nope" + i + "'", "not in repository");
                assertFalse(r.error().contains(repository.toString()), r.error());
                assertFalse(r.error().contains(repository.getFileName().toString()), r.error());
            }
        } finally {
            catalogLog.detachAppender(seen);
        }
        assertTrue(seen.list.stream().noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)),
                () -> "logged: " + seen.list);
    }
}
