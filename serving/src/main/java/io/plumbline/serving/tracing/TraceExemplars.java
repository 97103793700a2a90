package io.plumbline.serving.tracing;

import io.opentelemetry.api.trace.Span;
import io.prometheus.metrics.tracer.common.SpanContext;

/**
 * Where the Prometheus client's exemplar sampler finds the trace of the measurement being recorded:
 * the current OpenTelemetry span of the recording thread, which {@link RequestTrace#makeCurrent()}
 * sets around the {@code inference.requests} timer. Only handed to the registry while tracing is on.
 */
final class TraceExemplars implements SpanContext {
    @Override
    public String getCurrentTraceId() {
        io.opentelemetry.api.trace.SpanContext c = Span.current().getSpanContext();
        return c.isValid() ? c.getTraceId() : null;
    }

    @Override
    public String getCurrentSpanId() {
        io.opentelemetry.api.trace.SpanContext c = Span.current().getSpanContext();
        return c.isValid() ? c.getSpanId() : null;
    }

    @Override
    public boolean isCurrentSpanSampled() {
        return Span.current().getSpanContext().isSampled();
    }

    @Override
    public void markCurrentSpanAsExemplar() {
        // Nothing to mark: the span is exported whenever it is sampled.
    }
}
