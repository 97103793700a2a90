package io.plumbline.serving.tls;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import jakarta.inject.Singleton;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Test-only views of the verified client certificate, where the security layer will read it:
 * REST's {@code HttpRequest.getCertificate()} and gRPC's {@code Grpc.TRANSPORT_ATTR_SSL_SESSION}.
 */
final class ClientIdentityProbes {
    static final String SPEC = "TlsTest";

    private ClientIdentityProbes() {
    }

    @Requires(property = "spec.name", value = SPEC)
    @Controller("/tls-test")
    static final class RestSubject {
        @Get("/subject")
        String subject(HttpRequest<?> request) {
            return request.getCertificate().map(c -> ((X509Certificate) c).getSubjectX500Principal().getName())
                    .orElse("none");
        }
    }

    @Requires(property = "spec.name", value = SPEC)
    @Singleton
    static final class GrpcSubject implements ServerInterceptor {
        static final AtomicReference<String> LAST = new AtomicReference<>("");

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
            String subject;
            try {
                subject = session == null ? "no TLS session" : session.getPeerPrincipal().getName();
            } catch (SSLPeerUnverifiedException e) {
                subject = "none";
            }
            LAST.set(subject);
            return next.startCall(call, headers);
        }
    }
}
