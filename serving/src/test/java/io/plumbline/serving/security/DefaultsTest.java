package io.plumbline.serving.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.web.router.Router;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.RepositoryModelUnloadRequest;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.testing.FreePorts;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * No security configured: the quick start works as before, except that the repository API is off on
 * both protocols and says how to turn it on. And a request for security without keys stops the start.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DefaultsTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;
    @Inject
    Router router;

    private final int grpcPort = FreePorts.loopback();

    @Override
    public Map<String, String> getProperties() {
        return Map.of("plumbline.registry.uri", TestRepository.create().toString(), "micronaut.server.port", "-1",
                "grpc.server.port", Integer.toString(grpcPort));
    }

    @Test
    void withoutConfiguration_everythingButTheRepositoryApiIsOpen() throws InterruptedException {
        Http http = new Http(server.getURI());
        io.plumbline.testing.Await.until(() -> http.get("/v2/health/ready", null).status() == 200,
                java.time.Duration.ofSeconds(60), () -> "ready");
        assertEquals(200, http.post("/v2/models/weather/infer", Http.WEATHER_ROW, null).status());
        assertEquals(200, http.get("/v2/models/weather", null).status());
        assertEquals(200, http.get("/v2", "any-key-is-ignored").status());
        Http.Reply unload = http.post("/v2/repository/models/weather/unload", "{}", null);
        assertEquals(403, unload.status());
        assertEquals("{\"error\":\"" + Authorizer.ENABLE_REPOSITORY + "\"}", unload.body());
        assertEquals(403, http.post("/v2/repository/index", "{}", null).status());
        assertEquals(200, http.post("/v2/models/weather/infer", Http.WEATHER_ROW, null).status(), "still loaded");

        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> GRPCInferenceServiceGrpc
                    .newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .repositoryModelUnload(RepositoryModelUnloadRequest.newBuilder().setModelName("weather").build()));
            assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
            assertEquals(Authorizer.ENABLE_REPOSITORY, e.getStatus().getDescription());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A route added later must be classified on purpose: this list changes with it. */
    @Test
    void everyRestRoute_hasTheGroupMeantForIt() {
        Map<String, Api> groups = new TreeMap<>();
        router.uriRoutes().filter(r -> !r.getHttpMethodName().equals("HEAD")).forEach(r -> groups.put(r.getHttpMethodName() + " " + r.getUriMatchTemplate().toPathString(),
                RestRoutes.api(r.getUriMatchTemplate().toPathString())));
        assertEquals("{GET /drift=READ, GET /drift/{model}/{version}=READ, GET /health=PROBE, GET /health/{selector}=PROBE, GET /openapi.yaml=READ, GET /prometheus=METRICS, "
                + "GET /v2=READ, GET /v2/health/live=PROBE, GET /v2/health/ready=PROBE, "
                + "GET /v2/models/stats=READ, "
                + "GET /v2/models/{model}=READ, GET /v2/models/{model}/ready=READ, GET /v2/models/{model}/stats=READ, "
                + "GET /v2/models/{model}/versions/{version}=READ, "
                + "GET /v2/models/{model}/versions/{version}/ready=READ, GET /v2/models/{model}/versions/{version}/stats=READ, "
                + "POST /v2/models/{model}/feedback=INFER, "
                + "POST /v2/models/{model}/infer=INFER, "
                + "POST /v2/models/{model}/versions/{version}/infer=INFER, POST /v2/repository/index=ADMIN, "
                + "POST /v2/repository/models/{model}/load=ADMIN, POST /v2/repository/models/{model}/unload=ADMIN}",
                groups.toString());
    }

    @Test
    void securityEnabled_withoutAKeySource_refusesToStart() {
        assertEquals(SecurityFactory.NO_KEY_SOURCE, startFailure(Map.of("plumbline.security.enabled", "true")));
        assertEquals("plumbline.security.jwt.audience must be set with jwt.jwks (e.g. plumbline): without it a token "
                + "issued for another service would be accepted", startFailure(Map.of(
                        "plumbline.security.jwt.jwks", "/nonexistent/jwks.json",
                        "plumbline.security.jwt.issuer", "https://idp.test/")));
        assertEquals("plumbline.security.anonymous-apis: 'health' is not one of probe, metrics, read, infer, admin, none",
                startFailure(Map.of("plumbline.security.keys-file", "/nonexistent/keys.yml",
                        "plumbline.security.anonymous-apis", "health")));
    }

    private static String startFailure(Map<String, Object> config) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> ApplicationContext.run(config).close());
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
