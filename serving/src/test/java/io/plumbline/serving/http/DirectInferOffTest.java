package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.connection.RawConnection;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code plumbline.http.direct-infer: false}: every infer call takes Micronaut's route, and is answered. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectInferOffTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    @Inject
    DirectInferRoute route;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("plumbline.registry.uri", TestRepository.create().toString(), "micronaut.server.port", "-1",
                "plumbline.http.direct-infer", "false");
    }

    @Test
    void turnedOff_noCallTakesTheDirectRoute() throws IOException {
        new V2Client(server.getURI()).awaitReady();
        String body = "{\"id\":\"off\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
                + "\"data\":[0.0,12.8,5.0,4.7]}]}";
        try (RawConnection c = new RawConnection(server.getPort())) {
            c.send("POST /v2/models/weather/infer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            RawConnection.Outcome o = c.readResponse(30_000);
            assertEquals("HTTP/1.1 200 OK", o.statusLine(), o.received());
        }
        assertEquals(0, route.taken());
    }
}
