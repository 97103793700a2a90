package io.plumbline.serving.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import io.plumbline.testing.FreePorts;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Serving with its events going to Kafka runs no monitor, so its {@code GET /drift} says where drift is:
 * the monitor service's page (its port and path), for {@code /drift} and for a version's page (still a
 * 404: no window of it will close here). Nothing listens at the bootstrap address; serving starts anyway.
 */
@MicronautTest
@Property(name = "spec.name", value = "DriftPageElsewhereTest")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriftPageElsewhereTest implements TestPropertyProvider {
    private static final String NOTE = "This serving instance sends its prediction events to Kafka (topic"
            + " plumbline.predictions), so drift is computed by the monitor service (plumbline-monitor.jar run), not"
            + " here. Its live drift page is GET /drift on the monitor&#39;s port, 8082 by default:"
            + " http://&lt;monitor host&gt;:8082/drift (monitor/MONITOR.md, Live drift page).";

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path root = Files.createTempDirectory("plumbline-drift-elsewhere");
            TestRepository.copyDemo(root.resolve("weather"));
            Map<String, String> p = new HashMap<>();
            p.put("plumbline.registry.uri", root.toString());
            p.put("micronaut.server.port", "-1");
            p.put("grpc.server.port", Integer.toString(FreePorts.loopback()));
            p.put("plumbline.events.kafka.bootstrap-servers", "127.0.0.1:" + FreePorts.loopback());
            p.put("plumbline.events.kafka.create-topics", "false");
            p.put("plumbline.events.kafka.close-timeout", "1s");
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void kafkaMode_drift_namesTheMonitorServicesPage() {
        V2Client client = new V2Client(server.getURI());
        V2Client.Reply first = client.get("/drift");
        assertEquals(200, first.status());
        String page = new String(first.body(), StandardCharsets.UTF_8);
        assertTrue(page.contains("<p id=\"empty\">" + NOTE + "</p>"), page);
        V2Client.Reply version = client.get("/drift/weather/1");
        assertEquals(404, version.status());
        assertTrue(new String(version.body(), StandardCharsets.UTF_8).contains(NOTE), "the version's page says so too");
    }
}
