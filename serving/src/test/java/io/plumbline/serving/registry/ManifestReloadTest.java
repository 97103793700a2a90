package io.plumbline.serving.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.model.ModelCatalog;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import io.plumbline.testing.Await;
import io.plumbline.testing.FreePorts;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Through the registry watcher: an edited {@code model.yaml} is served after a poll, a broken one is
 * counted and logged once however many polls see it, and a model unloaded and loaded again keeps
 * live meters.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestReloadTest implements TestPropertyProvider {
    private static final Duration AWAIT = Duration.ofSeconds(60);
    private static final String LABELS = "labels: [drizzle, fog, rain, snow, sun]";
    private static final String ROW = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
            + "\"data\":[1.2,25.0,14.0,2.2]}]}";

    @Inject
    EmbeddedServer server;

    @Inject
    ModelCatalog catalog;

    private Path repo;
    private V2Client client;

    @Override
    public Map<String, String> getProperties() {
        try {
            repo = Files.createTempDirectory("plumbline-manifest");
            for (String model : List.of("labelled", "flaky", "cycled")) {
                TestRepository.copyDemo(repo.resolve(model));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("plumbline.registry.uri", repo.toString(), "micronaut.server.port", "-1",
                "grpc.server.port", Integer.toString(FreePorts.loopback()), "plumbline.registry.poll-interval", "200ms",
                "plumbline.repository-api.enabled", "true");
    }

    @BeforeAll
    void start() {
        client = new V2Client(server.getURI());
        client.awaitReady();
        for (String model : List.of("labelled", "flaky", "cycled")) {
            Await.until(() -> client.get("/v2/models/" + model + "/ready").status() == 200, AWAIT, () -> model + " ready");
        }
    }

    private void edit(String model, String from, String to) throws IOException {
        Path file = repo.resolve(model).resolve("model.yaml");
        String text = Files.readString(file);
        assertTrue(text.contains(from), from);
        Files.writeString(file, text.replace(from, to));
    }

    private static String labels(JsonNode metadata) {
        return metadata.get("outputs").get(0).get("labels").toString();
    }

    /** Waits until the watcher has listed the repository {@code n} more times. */
    private void awaitPolls(int n) {
        Set<Instant> seen = new HashSet<>();
        Instant first = catalog.registryHealth().state().lastSuccess();
        Await.until(() -> {
            Instant last = catalog.registryHealth().state().lastSuccess();
            if (last != null && !last.equals(first)) {
                seen.add(last);
            }
            return seen.size() >= n;
        }, AWAIT, () -> n + " polls (saw " + seen.size() + ")");
    }

    private String metrics() {
        return new String(client.get("/prometheus").body());
    }

    private static double metric(String metrics, String series) {
        Matcher m = Pattern.compile("\n" + Pattern.quote(series) + " (\\S+)\n").matcher(metrics);
        assertTrue(m.find(), series + " in\n" + metrics);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void editedLabels_areServedAfterAPoll() throws IOException {
        assertEquals("[\"drizzle\",\"fog\",\"rain\",\"snow\",\"sun\"]", labels(client.get("/v2/models/labelled").json()));
        edit("labelled", LABELS, "labels: [mist, fog, rain, snow, sun]");
        Await.until(() -> labels(client.get("/v2/models/labelled").json()).contains("mist"), AWAIT,
                () -> "the new labels are served: " + client.get("/v2/models/labelled").json());
        assertEquals("[\"mist\",\"fog\",\"rain\",\"snow\",\"sun\"]", labels(client.get("/v2/models/labelled").json()));
        V2Client.Reply r = client.post("/v2/models/labelled/infer", ROW);
        assertEquals(200, r.status(), new String(r.body()));
    }

    @Test
    void aBrokenManifest_isCountedAndLoggedOnce_overManyPolls() throws IOException {
        Logger log = (Logger) LoggerFactory.getLogger(ModelCatalog.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try {
            assertEquals(0.0, metric(metrics(), "model_load_failures_total{model=\"flaky\"}"));
            edit("flaky", "datatype: FP32\n    shape: [-1, 4]", "datatype: FP33\n    shape: [-1, 4]");
            awaitPolls(10);
        } finally {
            log.detachAppender(seen);
        }
        List<String> errors = seen.list.stream().filter(e -> e.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("flaky")).toList();
        assertEquals(1, errors.size(), "one log line for ten polls: " + errors);
        assertTrue(errors.get(0).contains("'FP33' is not a V2 datatype"), errors.get(0));
        assertEquals(1.0, metric(metrics(), "model_load_failures_total{model=\"flaky\"}"), "counted once");
        assertEquals(200, client.post("/v2/models/flaky/infer", ROW).status(), "the loaded version keeps serving");
        edit("flaky", "datatype: FP33", "datatype: FP32");
    }

    @Test
    void unloadThenLoad_keepsLiveMeters_withoutAWarning() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        root.addAppender(seen);
        try {
            assertEquals(200, client.post("/v2/models/cycled/infer", ROW).status());
            for (int cycle = 0; cycle < 3; cycle++) {
                assertEquals(200, client.post("/v2/repository/models/cycled/unload", "").status());
                assertEquals(200, client.post("/v2/repository/models/cycled/load", "").status());
                // Micrometer holds gauge objects weakly: a collection is what turns a dead one into NaN.
                System.gc();
                assertEquals(200, client.post("/v2/models/cycled/infer", ROW).status());
            }
        } finally {
            root.detachAppender(seen);
        }
        String metrics = metrics();
        double depth = metric(metrics, "inference_queue_depth{model=\"cycled\",version=\"1\"}");
        assertFalse(Double.isNaN(depth), "inference_queue_depth is a number after unload and load");
        assertEquals(0.0, depth, "no request is waiting");
        assertEquals(1.0, metric(metrics, "model_loaded{device=\"cpu\",model=\"cycled\",version=\"1\"}"));
        List<String> warnings = seen.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("already registered")).toList();
        assertEquals(List.of(), warnings);
    }
}
