package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The documented body limit (16MB, application.yml) is the real one: Micronaut's buffer limit (10MB
 * by default) once refused bodies from 10 to 16 MB with 413.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BodyLimitTest implements TestPropertyProvider {
    /** 16MB as Micronaut reads it: 16 x 1024 x 1024 bytes. */
    private static final int LIMIT = 16 * 1024 * 1024;

    @Inject
    EmbeddedServer server;

    private V2Client client;

    @Override
    public Map<String, String> getProperties() {
        return TestRepository.serverProperties();
    }

    @BeforeAll
    void start() {
        client = new V2Client(server.getURI());
        client.awaitReady();
    }

    private static byte[] padded(int length) {
        byte[] json = ("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(json, length);
        Arrays.fill(body, json.length, length, (byte) ' ');
        return body;
    }

    @Test
    void aBodyJustUnderTheLimit_isServed() {
        V2Client.Reply r = client.post("/v2/models/weather/infer", padded(LIMIT - 1), Map.of());
        assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aBodyJustOverTheLimit_is413NamingTheKey() {
        V2Client.Reply r = client.post("/v2/models/weather/infer", padded(LIMIT + 1), Map.of());
        assertEquals(413, r.status(), new String(r.body(), StandardCharsets.UTF_8));
        assertTrue(r.error().contains("micronaut.server.max-request-size"), r.error());
    }
}
