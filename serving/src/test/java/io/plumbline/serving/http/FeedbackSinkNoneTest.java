package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** With {@code plumbline.events.sink: none} nothing records feedback, and the client is told so rather than given a 202. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedbackSinkNoneTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("plumbline.registry.uri", TestRepository.create().toString(), "micronaut.server.port", "-1",
                "plumbline.events.sink", "none");
    }

    @Test
    void feedback_is503NamingTheSetting() {
        V2Client client = new V2Client(server.getURI());
        client.awaitReady();
        V2Client.Reply r = client.post("/v2/models/weather/feedback", "{\"id\":\"a\",\"label\":\"rain\"}");
        assertEquals(503, r.status());
        assertEquals("feedback is not recorded: the event sink is none (plumbline.events.sink); set it to kafka or "
                + "embedded", r.error());
        assertEquals(404, client.post("/v2/models/nosuch/feedback", "{\"id\":\"a\",\"label\":\"rain\"}").status());
    }
}
