package io.plumbline.serving.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.ServerLiveRequest;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code client-auth: optional}: clients without a certificate connect and carry no identity; a
 * valid certificate is an identity; a certificate from another CA never becomes one (the
 * connection is refused or carries no identity, on REST and gRPC alike).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsOptionalClientAuthTest implements TestPropertyProvider {
    private TestCertificates certs;
    private int httpPort;
    private int grpcPort;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path work = Files.createTempDirectory("plumbline-tls-optional");
            certs = new TestCertificates(work);
            certs.ca("ca");
            certs.ca("other-ca");
            certs.leaf("server", "ca", "localhost", 0x51, true, false);
            certs.leaf("client", "ca", "client-b", 0x52, false, false);
            certs.leaf("stranger", "other-ca", "client-b", 0x53, false, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[] ports = FreePorts.loopback(2);
        httpPort = ports[0];
        grpcPort = ports[1];
        return TestCertificates.serverProperties(httpPort, grpcPort, certs.file("server.crt"), certs.file("server.key"),
                certs.file("ca.crt"), "optional");
    }

    /** The subject REST sees, or "refused" when the handshake fails. */
    private String restSubject(String client) throws Exception {
        SSLContext ctx = certs.clientContext("ca", client);
        HttpClient http = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpPort
                    + "/tls-test/subject")).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            return "refused";
        }
    }

    /** The subject gRPC sees, or "refused". */
    private String grpcSubject(String client) throws Exception {
        ManagedChannel channel = certs.grpcChannel(grpcPort, client);
        ClientIdentityProbes.GrpcSubject.LAST.set("");
        try {
            GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                    .serverLive(ServerLiveRequest.getDefaultInstance());
            return ClientIdentityProbes.GrpcSubject.LAST.get();
        } catch (StatusRuntimeException e) {
            return "refused";
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutACertificate_connectsWithNoIdentity() throws Exception {
        assertEquals("none", restSubject(null));
        assertEquals("none", grpcSubject(null));
    }

    @Test
    void aValidCertificate_isTheIdentity() throws Exception {
        assertEquals("CN=client-b,O=Plumbline tests", restSubject("client"));
        assertEquals("CN=client-b,O=Plumbline tests", grpcSubject("client"));
    }

    @Test
    void aCertificateFromAnotherCa_neverBecomesAnIdentity() throws Exception {
        String rest = restSubject("stranger");
        String grpc = grpcSubject("stranger");
        // Which of the two safe outcomes the JDK picks is its business; an identity is not one of them.
        assertEquals(true, rest.equals("refused") || rest.equals("none"), "REST: " + rest);
        assertEquals(true, grpc.equals("refused") || grpc.equals("none"), "gRPC: " + grpc);
    }
}
