package io.plumbline.serving.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.plumbline.serving.grpc.v2.InferTensorContents;
import io.plumbline.serving.grpc.v2.ModelInferRequest;
import io.plumbline.serving.grpc.v2.ModelMetadataRequest;
import io.plumbline.serving.grpc.v2.RepositoryIndexRequest;
import io.plumbline.serving.grpc.v2.ServerLiveRequest;
import io.plumbline.serving.grpc.v2.ServerMetadataRequest;
import io.plumbline.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Client certificates as identities, end to end: a server with TLS and {@code client-auth: optional},
 * a key file whose entries name certificate subjects, and clients presenting certificates made by
 * openssl. Every endpoint group over real HTTPS and real TLS gRPC against every kind of certificate
 * gives the status the scope rules (issue 12) call for: no certificate and a subject the key file
 * does not know are 401 / UNAUTHENTICATED, a subject whose scopes miss the API or the model is 403 /
 * PERMISSION_DENIED, a covering subject is 200 / OK; probes and metrics stay open.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MtlsScopesTest implements TestPropertyProvider {
    /** The API groups of the policy, as this test sees them. */
    private enum Api { INFER, READ, ADMIN, OPEN }

    /** The certificate kinds of the matrix; each but NONE is a client certificate from the trusted CA. */
    private enum Kind { NONE, UNKNOWN_SUBJECT, WRONG_SCOPE, WRONG_MODEL, VALID }

    private record Rest(Api api, boolean perModel, boolean post, String path) {
    }

    private record Grpc(Api api, boolean perModel, String name, Consumer<GRPCInferenceServiceBlockingStub> call) {
    }

    private static final String ROW = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
            + "\"data\":[1.2,25.0,14.0,2.2]}]}";

    private static final List<Rest> REST = List.of(
            new Rest(Api.INFER, true, true, "/v2/models/weather/infer"),
            new Rest(Api.READ, true, false, "/v2/models/weather"),
            new Rest(Api.READ, false, false, "/v2"),
            new Rest(Api.ADMIN, false, true, "/v2/repository/index"),
            new Rest(Api.OPEN, false, false, "/v2/health/ready"),
            new Rest(Api.OPEN, false, false, "/prometheus"));

    private static final List<Grpc> GRPC = List.of(
            new Grpc(Api.INFER, true, "ModelInfer", s -> s.modelInfer(weatherRow())),
            new Grpc(Api.READ, true, "ModelMetadata", s -> s.modelMetadata(ModelMetadataRequest.newBuilder()
                    .setName("weather").build())),
            new Grpc(Api.READ, false, "ServerMetadata", s -> s.serverMetadata(ServerMetadataRequest.getDefaultInstance())),
            new Grpc(Api.ADMIN, false, "RepositoryIndex", s -> s.repositoryIndex(RepositoryIndexRequest.getDefaultInstance())),
            new Grpc(Api.OPEN, false, "ServerLive", s -> s.serverLive(ServerLiveRequest.getDefaultInstance())));

    private TestCertificates certs;
    private int httpPort;
    private int grpcPort;
    private final Map<String, ManagedChannel> channels = new HashMap<>();

    @Override
    public Map<String, String> getProperties() {
        try {
            Path work = Files.createTempDirectory("plumbline-mtls");
            certs = new TestCertificates(work);
            certs.ca("ca");
            certs.leaf("server", "ca", "localhost", 0x10, true, false);
            certs.leaf("weather-client", "ca", "weather-client", 0x11, false, false);
            certs.leaf("ops-client", "ca", "ops-client", 0x12, false, false);
            certs.leaf("batch-client", "ca", "batch-client", 0x13, false, false);
            certs.leaf("fraud-client", "ca", "fraud-client", 0x14, false, false);
            certs.leaf("stranger", "ca", "stranger", 0x15, false, false);
            // Written by hand, as an operator would: subjects in RFC 2253 order with different spacing,
            // which the key file compares as X.500 names.
            Path keys = work.resolve("keys.yml");
            Files.writeString(keys, """
                    keys:
                      - name: weather-app
                        subject: "CN=weather-client, O=Plumbline tests"
                        scopes: [infer:weather, read:weather]
                      - name: ops
                        subject: "CN=ops-client,O=Plumbline tests"
                        scopes: [admin, read]
                      - name: batch
                        subject: "CN=batch-client,O=Plumbline tests"
                        scopes: [infer]
                      - name: fraud-team
                        subject: "CN=fraud-client,O=Plumbline tests"
                        scopes: [infer:fraud-*, read:fraud-*, admin:fraud-*]
                    """);
            int[] ports = FreePorts.loopback(2);
            httpPort = ports[0];
            grpcPort = ports[1];
            Map<String, String> p = new HashMap<>(TestCertificates.serverProperties(httpPort, grpcPort,
                    certs.file("server.crt"), certs.file("server.key"), certs.file("ca.crt"), "optional"));
            p.remove("spec.name"); // no identity-probe controllers: only the product's routes
            p.put("plumbline.security.keys-file", keys.toString());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void closeChannels() throws InterruptedException {
        for (ManagedChannel c : channels.values()) {
            c.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** The client certificate a kind presents for an API; null: none. */
    private static String client(Kind kind, Api api, boolean perModel) {
        return switch (kind) {
            case NONE -> null;
            case UNKNOWN_SUBJECT -> "stranger";
            case WRONG_SCOPE -> api == Api.INFER ? "ops-client" : api == Api.READ ? "batch-client" : "weather-client";
            case WRONG_MODEL -> "fraud-client";
            case VALID -> api == Api.INFER || (api == Api.READ && perModel) ? "weather-client" : "ops-client";
        };
    }

    /** From the rules of the issue, not from the code: who is unknown, who lacks a scope. */
    private static int expected(Kind kind, Api api) {
        if (api == Api.OPEN) {
            return 200;
        }
        return switch (kind) {
            case NONE, UNKNOWN_SUBJECT -> 401;
            case WRONG_SCOPE, WRONG_MODEL -> 403;
            case VALID -> 200;
        };
    }

    @Test
    void rest_everyEndpointGroupAgainstEveryCertificateKind() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (Rest e : REST) {
                String client = client(kind, e.api(), e.perModel());
                HttpClient http = HttpClient.newBuilder().sslContext(certs.clientContext("ca", client))
                        .connectTimeout(Duration.ofSeconds(10)).build();
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + httpPort + e.path()))
                        .timeout(Duration.ofSeconds(30));
                if (e.post()) {
                    b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            e.api() == Api.INFER ? ROW : "{}"));
                }
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                int want = expected(kind, e.api());
                if (r.statusCode() != want) {
                    wrong.add(kind + " (" + client + ") " + e.path() + ": " + r.statusCode() + " instead of " + want
                            + " " + r.body());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void grpc_everyMethodGroupAgainstEveryCertificateKind() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (Grpc g : GRPC) {
                String client = client(kind, g.api(), g.perModel());
                GRPCInferenceServiceBlockingStub stub = GRPCInferenceServiceGrpc.newBlockingStub(channel(client))
                        .withDeadlineAfter(30, TimeUnit.SECONDS);
                Status.Code got;
                try {
                    g.call().accept(stub);
                    got = Status.Code.OK;
                } catch (StatusRuntimeException ex) {
                    got = ex.getStatus().getCode();
                }
                Status.Code want = switch (expected(kind, g.api())) {
                    case 401 -> Status.Code.UNAUTHENTICATED;
                    case 403 -> Status.Code.PERMISSION_DENIED;
                    default -> Status.Code.OK;
                };
                if (got != want) {
                    wrong.add(kind + " (" + client + ") " + g.name() + ": " + got + " instead of " + want);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    private ManagedChannel channel(String client) throws IOException {
        String key = client == null ? "" : client;
        ManagedChannel c = channels.get(key);
        if (c == null) {
            c = certs.grpcChannel(grpcPort, client);
            channels.put(key, c);
        }
        return c;
    }

    private static ModelInferRequest weatherRow() {
        return ModelInferRequest.newBuilder().setModelName("weather").addInputs(ModelInferRequest.InferInputTensor
                .newBuilder().setName("features").setDatatype("FP32").addShape(1).addShape(4)
                .setContents(InferTensorContents.newBuilder().addFp32Contents(1.2f).addFp32Contents(25f)
                        .addFp32Contents(14f).addFp32Contents(2.2f))).build();
    }
}
