package io.plumbline.serving.batching;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;

/**
 * The spans of a batcher's work for requests that carry a server span (tracing on): a
 * {@code queue wait} child of each request, from submission to its batch's start, and one
 * {@code batch} span per engine call, a child of the batch's first request and linked to every
 * request's span, so each request's trace leads to the computation it shared. Never used for
 * requests without a span, so an untraced batcher creates nothing.
 */
final class BatchSpans {
    static final AttributeKey<Long> REQUESTS = AttributeKey.longKey("plumbline.batch.requests");
    static final AttributeKey<Long> ROWS = AttributeKey.longKey("plumbline.batch.rows");

    private final Tracer tracer;

    BatchSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    Span queued(Span request) {
        return tracer.spanBuilder("queue wait").setParent(Context.root().with(request)).startSpan();
    }

    /** Ends the batch's queue waits and starts its {@code batch} span; the caller ends it. */
    Span batch(String model, List<Job> batch) {
        SpanBuilder b = tracer.spanBuilder("batch " + model)
                .setParent(Context.root().with(batch.get(0).traceSpan));
        long rows = 0;
        for (Job j : batch) {
            if (j.traceSpan == null) {
                continue; // submitted without a span (only callers outside the request path do)
            }
            j.queueSpan.end();
            b.addLink(j.traceSpan.getSpanContext());
            rows += j.rows;
        }
        return b.setAttribute(REQUESTS, (long) batch.size()).setAttribute(ROWS, rows).startSpan();
    }
}
