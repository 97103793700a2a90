package io.plumbline.serving.security;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import jakarta.inject.Singleton;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

/**
 * The policy on gRPC (micronaut-grpc installs every {@link ServerInterceptor} bean). The caller is
 * authenticated when the call starts, before its message is read; per-model methods are authorized
 * when the message arrives, and a refused call is closed without the service ever seeing it.
 */
@Singleton
final class GrpcAuthInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

    private final Authorizer authorizer;

    GrpcAuthInterceptor(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        Api api = GrpcMethods.api(method);
        Identity caller;
        try {
            caller = authorizer.authenticate(api, credentials(call, headers));
            if (!GrpcMethods.perModel(method)) {
                authorizer.authorize(caller, api, null);
                return next.startCall(call, headers);
            }
        } catch (Denied d) {
            close(call, d);
            return new ServerCall.Listener<>() { };
        }
        return new AuthorizeOnMessage<>(next.startCall(call, headers), call, caller, api);
    }

    /** Holds back the message (and what follows it) of a caller not allowed this model. */
    private final class AuthorizeOnMessage<Q, R> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final ServerCall<Q, R> call;
        private final Identity caller;
        private final Api api;
        private boolean refused;

        AuthorizeOnMessage(ServerCall.Listener<Q> delegate, ServerCall<Q, R> call, Identity caller, Api api) {
            super(delegate);
            this.call = call;
            this.caller = caller;
            this.api = api;
        }

        @Override
        public void onMessage(Q message) {
            if (refused) {
                return;
            }
            try {
                authorizer.authorize(caller, api, GrpcMethods.model(message));
            } catch (Denied d) {
                refused = true;
                close(call, d);
                return;
            }
            super.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                super.onHalfClose();
            }
        }
    }

    private Credentials credentials(ServerCall<?, ?> call, Metadata headers) {
        if (!authorizer.enabled()) {
            return Credentials.NONE;
        }
        String authorization = headers.get(AUTHORIZATION);
        return new Credentials(authorization, authorization == null ? subject(call) : null);
    }

    private static X500Principal subject(ServerCall<?, ?> call) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x.getSubjectX500Principal() : null;
        } catch (SSLPeerUnverifiedException noClientCertificate) {
            return null;
        }
    }

    private static void close(ServerCall<?, ?> call, Denied d) {
        Status status = switch (d.reason()) {
            case MISSING, INVALID, EXPIRED -> Status.UNAUTHENTICATED;
            case FORBIDDEN, DISABLED -> Status.PERMISSION_DENIED;
            case RATE_LIMITED -> Status.RESOURCE_EXHAUSTED;
        };
        Metadata trailers = new Metadata();
        if (d.reason() == Reason.RATE_LIMITED) {
            trailers.put(RETRY_AFTER, Long.toString(d.retryAfterSeconds()));
        }
        call.close(status.withDescription(d.getMessage()), trailers);
    }
}
