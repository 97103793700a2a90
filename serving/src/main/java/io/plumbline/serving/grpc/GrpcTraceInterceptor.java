package io.plumbline.serving.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.plumbline.serving.tracing.Tracing;
import jakarta.inject.Singleton;

/**
 * Hands a call's metadata to {@link V2GrpcService} (which reads {@code traceparent} from it) through
 * the gRPC context, while tracing is on; when off it passes the call through untouched.
 */
@Singleton
final class GrpcTraceInterceptor implements ServerInterceptor {
    static final Context.Key<Metadata> HEADERS = Context.key("plumbline-trace-headers");

    private final boolean enabled;

    GrpcTraceInterceptor(Tracing tracing) {
        this.enabled = tracing.enabled();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (!enabled) {
            return next.startCall(call, headers);
        }
        return Contexts.interceptCall(Context.current().withValue(HEADERS, headers), call, headers, next);
    }
}
