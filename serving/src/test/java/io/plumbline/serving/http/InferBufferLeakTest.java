package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.netty.util.ResourceLeakDetector;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The infer endpoints read the request from Micronaut's pooled buffer and write the response into
 * one: with Netty's leak detector tracking every buffer, no path (JSON and binary answers, bad
 * body, unknown model, empty body, bad gzip, bad header) leaves one unreleased.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferBufferLeakTest implements TestPropertyProvider {
    private static final String WEATHER = "/v2/models/weather/infer";
    private static final String BINARY_OUT = "{\"parameters\":{\"binary_data_output\":true},\"inputs\":[{\"name\":\"x\","
            + "\"shape\":[1,2],\"datatype\":\"FP64\",\"data\":[1,2]}]}";
    private static final String FEATURES = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
            + "\"data\":[1,2,3,4]}]}";

    @Inject
    EmbeddedServer server;

    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private final Logger leakLog = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            if (e.getFormattedMessage().contains("LEAK:")) {
                leaks.add(e.getFormattedMessage());
            }
        }
    };
    private ResourceLeakDetector.Level before;
    private V2Client client;

    @Override
    public Map<String, String> getProperties() {
        // Set before the server allocates anything: PARANOID tracks every buffer, not a sample.
        before = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        return Map.of("plumbline.registry.uri", TestRepository.create().toString(), "micronaut.server.port", "-1");
    }

    @BeforeAll
    void start() {
        appender.start();
        leakLog.addAppender(appender);
        client = new V2Client(server.getURI());
        client.awaitReady();
    }

    @AfterAll
    void stop() {
        leakLog.detachAppender(appender);
        ResourceLeakDetector.setLevel(before);
    }

    @Test
    void everyInferPath_releasesItsBuffers() throws InterruptedException {
        byte[] plain = FEATURES.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 50; i++) {
            assertEquals(200, client.post(WEATHER, FEATURES).status());
            assertEquals(200, client.post("/v2/models/id_fp64/infer", BINARY_OUT).status());
            assertEquals(400, client.post(WEATHER, "{\"inputs\":[").status());
            assertEquals(404, client.post("/v2/models/nope/infer", FEATURES).status());
            assertEquals(400, client.post(WEATHER, new byte[0], Map.of()).status());
            assertEquals(400, client.post(WEATHER, plain, Map.of("Content-Encoding", "gzip")).status());
            assertEquals(400, client.post(WEATHER, plain, Map.of(InferCall.HEADER_LENGTH, "x")).status());
        }
        // Netty reports a buffer collected unreleased when a later one is allocated.
        for (int round = 0; round < 5 && leaks.isEmpty(); round++) {
            System.gc();
            Thread.sleep(100);
            for (int i = 0; i < 20; i++) {
                client.post(WEATHER, FEATURES);
            }
        }
        assertEquals(List.of(), leaks);
    }
}
