package io.plumbline.serving.tracing;

import io.grpc.Metadata;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * Reads trace context ({@code traceparent}, {@code tracestate}) from gRPC request metadata; a null
 * carrier (a call that reached the service without the tracing interceptor) has none.
 */
public final class GrpcMetadataGetter implements TextMapGetter<Metadata> {
    public static final GrpcMetadataGetter INSTANCE = new GrpcMetadataGetter();

    private GrpcMetadataGetter() {
    }

    @Override
    public Iterable<String> keys(Metadata carrier) {
        return carrier.keys();
    }

    @Override
    public String get(Metadata carrier, String key) {
        return carrier == null ? null : carrier.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
    }
}
