package io.plumbline.serving.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.ServerLiveRequest;
import io.plumbline.testing.Await;
import io.plumbline.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * REST and gRPC over real TLS with client certificates required: certificates made by openssl,
 * the JDK's HTTP client and a grpc-netty client on the other end. A client without a certificate,
 * or with one from another CA, is refused in the handshake; an accepted client's subject reaches
 * the server on both protocols; replacing the certificate files reaches new connections.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsTest implements TestPropertyProvider {
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final long FIRST_SERIAL = 0x1001;
    private static final long ROTATED_SERIAL = 0x2002;

    private TestCertificates certs;
    private Path tlsDir;
    private int httpPort;
    private int grpcPort;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path work = Files.createTempDirectory("plumbline-tls");
            certs = new TestCertificates(work);
            certs.ca("ca");
            certs.ca("other-ca");
            certs.leaf("server", "ca", "localhost", FIRST_SERIAL, true, false);
            certs.leaf("server2", "ca", "localhost", ROTATED_SERIAL, true, true);
            certs.leaf("client", "ca", "client-a", 0x3003, false, false);
            certs.leaf("stranger", "other-ca", "client-a", 0x4004, false, false);
            tlsDir = Files.createDirectories(work.resolve("mounted"));
            certs.install("server.crt", tlsDir.resolve("tls.crt"));
            certs.install("server.key", tlsDir.resolve("tls.key"));
            certs.install("ca.crt", tlsDir.resolve("client-ca.crt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[] ports = FreePorts.loopback(2);
        httpPort = ports[0];
        grpcPort = ports[1];
        Map<String, String> p = new HashMap<>(TestCertificates.serverProperties(httpPort, grpcPort,
                tlsDir.resolve("tls.crt"), tlsDir.resolve("tls.key"), tlsDir.resolve("client-ca.crt"), "required"));
        p.put("plumbline.tls.reload-interval", "200ms");
        return p;
    }

    @AfterAll
    void restore() throws IOException {
        // Whatever order the tests ran in, the first certificate is back for the next.
        certs.install("server.crt", tlsDir.resolve("tls.crt"));
        certs.install("server.key", tlsDir.resolve("tls.key"));
    }

    private HttpResponse<String> get(SSLContext ctx, String path) throws IOException, InterruptedException {
        // A new client per call: a new connection, a new handshake.
        HttpClient client = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpPort + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String grpcLive(String client) throws Exception {
        ManagedChannel channel = certs.grpcChannel(grpcPort, client);
        try {
            return Boolean.toString(GRPCInferenceServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(20, TimeUnit.SECONDS).serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** The serial of the certificate a new TLS connection to {@code port} is shown (client certificate sent). */
    private BigInteger serialAt(int port) {
        try {
            SSLContext ctx = certs.clientContext("ca", "client");
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", port)) {
                SSLParameters params = s.getSSLParameters();
                params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
                s.setSSLParameters(params);
                s.setSoTimeout(10_000);
                s.startHandshake();
                return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
            }
        } catch (Exception e) {
            return BigInteger.valueOf(-1);
        }
    }

    @Test
    void restAndGrpc_overTls_withAClientCertificate() throws Exception {
        SSLContext ctx = certs.clientContext("ca", "client");
        HttpResponse<String> live = get(ctx, "/v2/health/live");
        assertEquals(200, live.statusCode());
        X509Certificate shown = (X509Certificate) live.sslSession().orElseThrow().getPeerCertificates()[0];
        assertEquals(BigInteger.valueOf(FIRST_SERIAL), shown.getSerialNumber());
        assertEquals("true", grpcLive("client"));
    }

    @Test
    void theClientCertificateSubject_isVisibleToTheServer_overRestAndGrpc() throws Exception {
        // Expected from the openssl -subj above, RFC 2253 order (most specific first).
        HttpResponse<String> r = get(certs.clientContext("ca", "client"), "/tls-test/subject");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("CN=client-a,O=Plumbline tests", r.body());
        ClientIdentityProbes.GrpcSubject.LAST.set("");
        grpcLive("client");
        assertEquals("CN=client-a,O=Plumbline tests", ClientIdentityProbes.GrpcSubject.LAST.get());
    }

    @Test
    void aClientWithoutACertificate_isRefused_overRestAndGrpc() throws Exception {
        SSLContext anonymous = certs.clientContext("ca", null);
        assertThrows(IOException.class, () -> get(anonymous, "/v2/health/live"));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpcLive(null));
        assertEquals(io.grpc.Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    }

    @Test
    void aClientCertificateFromAnotherCa_isRefused_overRestAndGrpc() throws Exception {
        // Same subject as the accepted client: only the issuer differs.
        SSLContext stranger = certs.clientContext("ca", "stranger");
        assertThrows(IOException.class, () -> get(stranger, "/v2/health/live"));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpcLive("stranger"));
        assertEquals(io.grpc.Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    }

    @Test
    void replacingTheCertificateFiles_reachesNewConnections_onBothPorts() throws Exception {
        Await.until(() -> serialAt(httpPort).longValue() == FIRST_SERIAL, AWAIT, () -> "first certificate on REST");
        // The new key (RSA, PKCS#1 PEM) first, then its certificate: in between the pair does not
        // match, and the server must keep the old one rather than break.
        certs.install("server2.key", tlsDir.resolve("tls.key"));
        certs.install("server2.crt", tlsDir.resolve("tls.crt"));
        Await.until(() -> serialAt(httpPort).longValue() == ROTATED_SERIAL, AWAIT,
                () -> "REST shows serial " + serialAt(httpPort).toString(16));
        Await.until(() -> serialAt(grpcPort).longValue() == ROTATED_SERIAL, AWAIT,
                () -> "gRPC shows serial " + serialAt(grpcPort).toString(16));
        assertEquals(200, get(certs.clientContext("ca", "client"), "/v2/health/live").statusCode());
        assertEquals("true", grpcLive("client"));
        restore();
        Await.until(() -> serialAt(httpPort).longValue() == FIRST_SERIAL && serialAt(grpcPort).longValue() == FIRST_SERIAL,
                AWAIT, () -> "back to the first certificate");
    }
}
