package io.plumbline.serving.tracing;

import io.micronaut.http.HttpHeaders;
import io.opentelemetry.context.propagation.TextMapGetter;

/** Reads trace context ({@code traceparent}, {@code tracestate}) from REST request headers. */
public final class HttpHeaderGetter implements TextMapGetter<HttpHeaders> {
    public static final HttpHeaderGetter INSTANCE = new HttpHeaderGetter();

    private HttpHeaderGetter() {
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
