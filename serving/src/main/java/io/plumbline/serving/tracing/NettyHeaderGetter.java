package io.plumbline.serving.tracing;

import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * Reads trace context ({@code traceparent}, {@code tracestate}) from the Netty headers of a request
 * that the direct infer route answers without Micronaut.
 */
public final class NettyHeaderGetter implements TextMapGetter<HttpHeaders> {
    public static final NettyHeaderGetter INSTANCE = new NettyHeaderGetter();

    private NettyHeaderGetter() {
    }

    @Override
    public Iterable<String> keys(HttpHeaders carrier) {
        return carrier.names();
    }

    @Override
    public String get(HttpHeaders carrier, String key) {
        return carrier == null ? null : carrier.get(key);
    }
}
