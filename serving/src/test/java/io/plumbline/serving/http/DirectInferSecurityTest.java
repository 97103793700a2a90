package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.connection.RawConnection;
import io.plumbline.serving.security.KeysCommand;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With authentication on, the direct route refuses and admits exactly as Micronaut's route (its
 * security filter) does: the same status, {@code WWW-Authenticate} or {@code Retry-After}, and error.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectInferSecurityTest implements TestPropertyProvider {
    private static final String INFER = "/v2/models/weather/infer";
    private static final String VIA_MICRONAUT = "?via=micronaut";
    private static final byte[] BODY = ("{\"id\":\"s\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
            + "\"datatype\":\"FP32\",\"data\":[0.0,12.8,5.0,4.7]}]}").getBytes(StandardCharsets.UTF_8);

    @Inject
    EmbeddedServer server;

    @Inject
    DirectInferRoute route;

    private String weatherKey;
    private String readerKey;
    private String limitedKey;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path keys = Files.createTempDirectory("plumbline-direct-auth").resolve("keys.yml");
            weatherKey = KeysCommand.add(keys, "weather-app", "infer:weather", null);
            readerKey = KeysCommand.add(keys, "reader", "read:weather", null);
            limitedKey = KeysCommand.add(keys, "limited", "infer:weather", "1/h");
            Map<String, String> p = new HashMap<>(TestRepository.serverProperties());
            p.put("plumbline.security.keys-file", keys.toString());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void ready() {
        new V2Client(server.getURI()).awaitReady();
    }

    @Test
    void everyCredential_isAnsweredAlikeOnBothRoutes() throws IOException {
        try (RawConnection c = new RawConnection(server.getPort())) {
            assertAlike(c, Map.of(), 401);
            assertAlike(c, Map.of("Authorization", "Bearer not-a-key"), 401);
            assertAlike(c, Map.of("Authorization", "Bearer " + readerKey), 403);
            assertAlike(c, Map.of("Authorization", "Bearer " + weatherKey), 200);
        }
    }

    @Test
    void aRefusedCall_withALargeBody_isRefusedAlike_andTheConnectionGoesOn() throws IOException {
        byte[] large = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(large, (byte) ' ');
        try (RawConnection c = new RawConnection(server.getPort())) {
            assertAlike(c, Map.of(), 401, large);
            assertAlike(c, Map.of("Authorization", "Bearer " + weatherKey), 200);
        }
    }

    @Test
    void aKeyOverItsRate_gets429WithRetryAfter_onBothRoutes() throws IOException {
        Map<String, String> limited = Map.of("Authorization", "Bearer " + limitedKey);
        try (RawConnection c = new RawConnection(server.getPort())) {
            assertEquals(200, RawHttp.Answer.of(RawHttp.exchange(c, INFER, BODY, limited)).status());
            RawHttp.Answer direct = RawHttp.Answer.of(RawHttp.exchange(c, INFER, BODY, limited));
            RawHttp.Answer micronaut = RawHttp.Answer.of(RawHttp.exchange(c, INFER + VIA_MICRONAUT, BODY, limited));
            assertEquals(429, direct.status(), direct.body());
            assertEquals(micronaut.body(), direct.body());
            assertNotNull(direct.headers().get("retry-after"), direct.toString());
            assertEquals(micronaut.headers().keySet(), direct.headers().keySet());
        }
    }

    private void assertAlike(RawConnection c, Map<String, String> headers, int status) throws IOException {
        assertAlike(c, headers, status, BODY);
    }

    private void assertAlike(RawConnection c, Map<String, String> headers, int status, byte[] body) throws IOException {
        long before = route.taken();
        RawHttp.Answer direct = RawHttp.Answer.of(RawHttp.exchange(c, INFER, body, headers));
        RawHttp.Answer micronaut = RawHttp.Answer.of(RawHttp.exchange(c, INFER + VIA_MICRONAUT, body, headers));
        assertEquals(before + 1, route.taken(), "one call on the direct route");
        assertEquals(status, direct.status(), direct.toString());
        assertEquals(micronaut, direct, headers.toString());
    }
}
