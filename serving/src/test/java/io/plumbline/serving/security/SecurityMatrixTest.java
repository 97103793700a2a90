package io.plumbline.serving.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.plumbline.serving.grpc.v2.InferTensorContents;
import io.plumbline.serving.grpc.v2.ModelInferRequest;
import io.plumbline.serving.grpc.v2.ModelMetadataRequest;
import io.plumbline.serving.grpc.v2.ModelReadyRequest;
import io.plumbline.serving.grpc.v2.ModelStatisticsRequest;
import io.plumbline.serving.grpc.v2.RepositoryIndexRequest;
import io.plumbline.serving.grpc.v2.RepositoryModelLoadRequest;
import io.plumbline.serving.grpc.v2.ServerLiveRequest;
import io.plumbline.serving.grpc.v2.ServerMetadataRequest;
import io.plumbline.serving.grpc.v2.ServerReadyRequest;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.testing.FreePorts;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every endpoint group, over real HTTP and a real gRPC channel, against every kind of credential: the
 * status each must give. The keys are made by {@code keys add} ({@link KeysCommand#add}), so the server
 * accepting them also proves the command writes a hash the server reads.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityMatrixTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    private final Tokens idp = new Tokens();
    private Path keysFile;
    private int grpcPort;
    private String weatherKey;
    private String fraudKey;
    private String opsKey;
    private String batchKey;
    private String limitedKey;
    private String readerKey;
    private Http http;
    private ManagedChannel channel;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path dir = Files.createTempDirectory("plumbline-auth");
            keysFile = dir.resolve("keys.yml");
            weatherKey = KeysCommand.add(keysFile, "weather-app", "infer:weather,read:weather", null);
            fraudKey = KeysCommand.add(keysFile, "fraud-team", "infer:fraud-*,read:fraud-*,admin:fraud-*", null);
            opsKey = KeysCommand.add(keysFile, "ops", "admin,read", null);
            batchKey = KeysCommand.add(keysFile, "batch", "infer", null);
            limitedKey = KeysCommand.add(keysFile, "limited", "infer:weather", "1/h");
            readerKey = KeysCommand.add(keysFile, "dashboard", "read", null);
            grpcPort = FreePorts.loopback(1)[0];
            return Map.of("plumbline.registry.uri", TestRepository.create().toString(), "micronaut.server.port", "-1",
                    "grpc.server.port", Integer.toString(grpcPort),
                    "plumbline.security.keys-file", keysFile.toString(),
                    "plumbline.security.jwt.jwks", idp.writeJwks(dir).toString(),
                    "plumbline.security.jwt.issuer", Tokens.ISSUER,
                    "plumbline.security.jwt.audience", Tokens.AUDIENCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void start() {
        http = new Http(server.getURI());
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    }

    @AfterAll
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A REST endpoint: group, whether it names a model, method and path. */
    private record Rest(Api api, boolean perModel, boolean post, String path) {
    }

    private static final List<Rest> REST = List.of(
            new Rest(Api.INFER, true, true, "/v2/models/weather/infer"),
            new Rest(Api.INFER, true, true, "/v2/models/weather/versions/1/infer"),
            new Rest(Api.INFER, true, true, "/v2/models/weather/feedback"),
            new Rest(Api.READ, true, false, "/v2/models/weather"),
            new Rest(Api.READ, true, false, "/v2/models/weather/versions/1"),
            new Rest(Api.READ, true, false, "/v2/models/weather/ready"),
            new Rest(Api.READ, true, false, "/v2/models/weather/versions/1/ready"),
            new Rest(Api.READ, true, false, "/v2/models/weather/stats"),
            new Rest(Api.READ, true, false, "/v2/models/weather/versions/1/stats"),
            new Rest(Api.READ, false, false, "/v2/models/stats"),
            new Rest(Api.READ, false, false, "/v2"),
            new Rest(Api.READ, false, false, "/drift"),
            new Rest(Api.ADMIN, false, true, "/v2/repository/index"),
            new Rest(Api.ADMIN, true, true, "/v2/repository/models/weather/load"),
            new Rest(Api.PROBE, false, false, "/v2/health/live"),
            new Rest(Api.PROBE, false, false, "/v2/health/ready"),
            new Rest(Api.PROBE, false, false, "/health"),
            new Rest(Api.METRICS, false, false, "/prometheus"));

    /** The credential kinds of the matrix. */
    private enum Kind { NONE, WRONG_KEY, EXPIRED_JWT, WRONG_SCOPE, WRONG_MODEL, VALID_KEY, VALID_JWT }

    private String credential(Kind kind, Api api, boolean perModel) {
        return switch (kind) {
            case NONE -> null;
            case WRONG_KEY -> "plk_" + "A".repeat(43);
            case EXPIRED_JWT -> idp.token("ci", "infer:weather read admin", Instant.now().minusSeconds(3600));
            case WRONG_SCOPE -> api == Api.INFER ? opsKey : api == Api.READ ? batchKey : weatherKey;
            case WRONG_MODEL -> fraudKey;
            case VALID_KEY -> api == Api.INFER || (api == Api.READ && perModel) ? weatherKey : opsKey;
            case VALID_JWT -> idp.token("ci", "openid infer:weather read admin", Instant.now().plusSeconds(3600));
        };
    }

    /** 200, 401 or 403, worked out from the rules in the issue, not from the code. */
    private static int expected(Kind kind, Api api) {
        if (api == Api.PROBE || api == Api.METRICS) {
            return 200;
        }
        return switch (kind) {
            case NONE, WRONG_KEY, EXPIRED_JWT -> 401;
            case WRONG_SCOPE, WRONG_MODEL -> 403;
            case VALID_KEY, VALID_JWT -> 200;
        };
    }

    @Test
    void rest_everyEndpointGroupAgainstEveryCredentialKind() {
        List<String> wrong = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (Rest e : REST) {
                String bearer = credential(kind, e.api(), e.perModel());
                Http.Reply r = e.post() ? http.post(e.path(), body(e.path()), bearer) : http.get(e.path(), bearer);
                int want = expected(kind, e.api());
                if (want == 200 && e.path().endsWith("/feedback")) {
                    want = 202;
                }
                if (r.status() != want) {
                    wrong.add(kind + " " + e.path() + ": " + r.status() + " instead of " + want + " " + r.body());
                }
                if (want == 401 && !"Bearer realm=\"plumbline\"".equals(r.header("WWW-Authenticate"))
                        && !("Bearer realm=\"plumbline\", error=\"invalid_token\"").equals(r.header("WWW-Authenticate"))) {
                    wrong.add(kind + " " + e.path() + ": WWW-Authenticate " + r.header("WWW-Authenticate"));
                }
                if (want >= 400 && (!r.body().startsWith("{\"error\":\"") || (bearer != null && r.body().contains(bearer)))) {
                    wrong.add(kind + " " + e.path() + ": body " + r.body());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    private static String body(String path) {
        if (path.endsWith("/infer")) {
            return Http.WEATHER_ROW;
        }
        return path.endsWith("/feedback") ? "{\"id\":\"matrix-1\",\"label\":\"rain\"}" : "{}";
    }

    @Test
    void rest_refusalsSayWhatIsMissing() {
        Http.Reply forbidden = http.post("/v2/models/weather/infer", Http.WEATHER_ROW, fraudKey);
        assertEquals("{\"error\":\"'fraud-team' lacks the scope infer:weather (it has: infer:fraud-*, read:fraud-*, "
                + "admin:fraud-*)\"}", forbidden.body());
        Http.Reply missing = http.get("/v2/models/weather", null);
        assertEquals("{\"error\":\"the read API needs credentials: send 'Authorization: Bearer <key or token>'\"}",
                missing.body());
        Http.Reply expired = http.get("/v2", idp.token("ci", "read", Instant.parse("2026-01-01T00:00:00Z")));
        assertEquals("{\"error\":\"the JWT expired at 2026-01-01T00:00:00Z\"}", expired.body());
    }

    /**
     * The live drift page is read-only: no key 401, an infer-only key 403, a read key 200 (HTML). A
     * version's page names its model, so read:weather opens weather's (404 here: no window has closed
     * in this test) and not fraud's, while the page of every model needs plain read.
     */
    @Test
    void driftPage_needsTheReadScope() {
        assertEquals(401, http.get("/drift", null).status());
        assertEquals(403, http.get("/drift", batchKey).status());
        Http.Reply ok = http.get("/drift", readerKey);
        assertEquals(200, ok.status(), ok.body());
        assertTrue(ok.header("Content-Type").startsWith("text/html"), ok.header("Content-Type"));
        assertTrue(ok.body().contains("No drift window has closed yet."), ok.body());
        assertEquals(403, http.get("/drift", weatherKey).status(), "read:weather is not read of every model");
        assertEquals(404, http.get("/drift/weather/1", weatherKey).status());
        assertEquals(403, http.get("/drift/fraud-a/1", weatherKey).status());
        assertEquals(401, http.get("/drift/weather/1", null).status());
    }

    private interface Call {
        void on(GRPCInferenceServiceBlockingStub stub);
    }

    private record Grpc(Api api, boolean perModel, String name, Call call) {
    }

    private static final List<Grpc> GRPC = List.of(
            new Grpc(Api.INFER, true, "ModelInfer", s -> s.modelInfer(weatherRow())),
            new Grpc(Api.READ, true, "ModelMetadata", s -> s.modelMetadata(ModelMetadataRequest.newBuilder()
                    .setName("weather").build())),
            new Grpc(Api.READ, true, "ModelReady", s -> s.modelReady(ModelReadyRequest.newBuilder()
                    .setName("weather").build())),
            new Grpc(Api.READ, true, "ModelStatistics", s -> s.modelStatistics(ModelStatisticsRequest.newBuilder()
                    .setName("weather").build())),
            new Grpc(Api.READ, false, "ModelStatistics of every model", s -> s.modelStatistics(
                    ModelStatisticsRequest.getDefaultInstance())),
            new Grpc(Api.READ, false, "ServerMetadata", s -> s.serverMetadata(ServerMetadataRequest.getDefaultInstance())),
            new Grpc(Api.ADMIN, false, "RepositoryIndex", s -> s.repositoryIndex(RepositoryIndexRequest.getDefaultInstance())),
            new Grpc(Api.ADMIN, true, "RepositoryModelLoad", s -> s.repositoryModelLoad(RepositoryModelLoadRequest
                    .newBuilder().setModelName("weather").build())),
            new Grpc(Api.PROBE, false, "ServerLive", s -> s.serverLive(ServerLiveRequest.getDefaultInstance())),
            new Grpc(Api.PROBE, false, "ServerReady", s -> s.serverReady(ServerReadyRequest.getDefaultInstance())));

    static ModelInferRequest weatherRow() {
        return ModelInferRequest.newBuilder().setModelName("weather").addInputs(ModelInferRequest.InferInputTensor
                .newBuilder().setName("features").setDatatype("FP32").addShape(1).addShape(4)
                .setContents(InferTensorContents.newBuilder().addFp32Contents(1.2f).addFp32Contents(25f)
                        .addFp32Contents(14f).addFp32Contents(2.2f))).build();
    }

    GRPCInferenceServiceBlockingStub stub(String bearer) {
        GRPCInferenceServiceBlockingStub stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        if (bearer != null) {
            Metadata md = new Metadata();
            md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + bearer);
            stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        }
        return stub.withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    static Status.Code code(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    @Test
    void grpc_everyMethodGroupAgainstEveryCredentialKind() {
        List<String> wrong = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (Grpc g : GRPC) {
                GRPCInferenceServiceBlockingStub stub = stub(credential(kind, g.api(), g.perModel()));
                Status.Code got = code(() -> g.call().on(stub));
                Status.Code want = switch (expected(kind, g.api())) {
                    case 401 -> Status.Code.UNAUTHENTICATED;
                    case 403 -> Status.Code.PERMISSION_DENIED;
                    default -> Status.Code.OK;
                };
                if (got != want) {
                    wrong.add(kind + " " + g.name() + ": " + got + " instead of " + want);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** grpc.health.v1.Health is a probe: open to anyone, whatever credential comes with it, as ServerReady. */
    @Test
    void grpcHealth_isAProbe() {
        List<String> wrong = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (String service : List.of("", "plumbline.model/weather")) {
                String bearer = credential(kind, Api.PROBE, false);
                HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
                if (bearer != null) {
                    Metadata md = new Metadata();
                    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + bearer);
                    health = health.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
                }
                HealthGrpc.HealthBlockingStub h = health.withDeadlineAfter(30, TimeUnit.SECONDS);
                Status.Code got = code(() -> h.check(HealthCheckRequest.newBuilder().setService(service).build()));
                if (got != Status.Code.OK) {
                    wrong.add(kind + " Health/Check '" + service + "': " + got);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void rateLimitedKey_getsRetryAfter_onRestAndGrpcAlike() {
        assertEquals(200, http.post("/v2/models/weather/infer", Http.WEATHER_ROW, limitedKey).status());
        Http.Reply over = http.post("/v2/models/weather/infer", Http.WEATHER_ROW, limitedKey);
        assertEquals(429, over.status(), over.body());
        // 1/h: one request per 3,600 s, so the next token is due 3,600 s after the first request, less
        // the little time this test has taken since.
        long retryAfter = Long.parseLong(over.header("Retry-After"));
        assertTrue(retryAfter > 3500 && retryAfter <= 3600, "Retry-After " + retryAfter);
        assertTrue(over.body().contains("'limited' is over its rate of 1/h"), over.body());
        // One bucket per key, whatever the protocol.
        StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                () -> stub(limitedKey).modelInfer(weatherRow()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertNotNull(e.getTrailers().get(GrpcAuthInterceptor.RETRY_AFTER));
        // The rate holds per key: another key for the same model is not slowed.
        assertEquals(200, http.post("/v2/models/weather/infer", Http.WEATHER_ROW, weatherKey).status());
    }

    @Test
    void failures_areCountedByReasonAndApi() {
        double missing = failures("missing", "infer");
        double forbidden = failures("forbidden", "admin");
        http.post("/v2/models/weather/infer", Http.WEATHER_ROW, null);
        code(() -> stub(null).modelInfer(weatherRow()));
        http.post("/v2/repository/index", "{}", weatherKey);
        assertEquals(missing + 2, failures("missing", "infer"));
        assertEquals(forbidden + 1, failures("forbidden", "admin"));
    }

    private double failures(String reason, String api) {
        String text = http.get("/prometheus", null).body();
        Matcher m = Pattern.compile("(?m)^auth_failures_total\\{(?=[^}]*api=\"" + api + "\")(?=[^}]*reason=\"" + reason
                + "\")[^}]*} (\\S+)$").matcher(text);
        assertTrue(m.find(), "auth_failures_total{api=" + api + ",reason=" + reason + "} in\n" + text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void keyFile_holdsHashesNeverTheKeys() throws IOException {
        String file = Files.readString(keysFile);
        for (String key : List.of(weatherKey, fraudKey, opsKey, batchKey, limitedKey)) {
            assertFalse(file.contains(key), "the key file holds a key");
            assertTrue(file.contains(KeyFile.HASH_PREFIX + java.util.HexFormat.of().formatHex(KeyRing.sha256(key))));
        }
    }
}
