package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.inference.InferenceException;
import io.plumbline.serving.inference.InferenceService;
import io.plumbline.serving.inference.Status;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every 500 is an {@code outcome="error"} sample of {@code inference_requests_seconds}, as Prometheus
 * scrapes it: the probe's 500s happened before the inference service and were counted nowhere.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorMetricsTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    @Inject
    InferenceService inference;

    private V2Client client;

    @Override
    public Map<String, String> getProperties() {
        return TestRepository.serverProperties("spec.name", "ErrorMetricsTest");
    }

    @BeforeAll
    void start() {
        client = new V2Client(server.getURI());
        client.awaitReady();
    }

    /** A route that fails the way a bug below the inference service would. */
    @Requires(property = "spec.name", value = "ErrorMetricsTest")
    @Controller("/v2/models/crash")
    static final class CrashingRoute {
        @Post("/infer")
        String infer() {
            throw new IllegalStateException("a bug, with internals: com.example.Secret");
        }
    }

    private double errors(String model) {
        String text = new String(client.get("/prometheus").body(), java.nio.charset.StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("inference_requests_seconds_count\\{([^}]*)} (\\S+)").matcher(text);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("outcome=\"error\"") && m.group(1).contains("model=\"" + model + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    @Test
    void anExceptionBelowTheService_is500CountedAsError() {
        double before = errors("unknown");
        V2Client.Reply r = client.post("/v2/models/crash/infer", "{}");
        assertEquals(500, r.status());
        assertEquals("internal error (see server log)", r.error());
        assertEquals(before + 1, errors("unknown"));
    }

    @Test
    void aDecoderBug_isInternalCountedAsError() throws InterruptedException {
        double before = errors("weather");
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> inference.infer("weather", null, () -> {
                    throw new NullPointerException("decoder bug");
                }, "rest").get());
        assertTrue(e.getCause() instanceof InferenceException ie && ie.status() == Status.INTERNAL, e.toString());
        assertEquals(before + 1, errors("weather"));
    }
}
