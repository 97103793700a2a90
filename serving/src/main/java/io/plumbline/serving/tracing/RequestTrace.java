package io.plumbline.serving.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server span of one traced request. Exists only while tracing is on; callers hold null
 * otherwise. Attribute names follow the {@code inference.requests} tags, under {@code plumbline.}.
 *
 * <p>An answered request's span ends when both the inference path recorded its outcome and the
 * transport encoded the answer, whichever comes last: the two run in stages of one future whose
 * order is not fixed, and the span must enclose its {@code encode} child.
 */
public final class RequestTrace {
    static final AttributeKey<String> MODEL = AttributeKey.stringKey("plumbline.model");
    static final AttributeKey<String> VERSION = AttributeKey.stringKey("plumbline.model.version");
    static final AttributeKey<String> PROTOCOL = AttributeKey.stringKey("plumbline.protocol");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("plumbline.outcome");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("plumbline.request.id");

    private final Tracer tracer;
    private final Span span;
    /** Outcome and encoding: the span ends when both are done. */
    private final AtomicInteger pending = new AtomicInteger(2);

    RequestTrace(Tracer tracer, Span span) {
        this.tracer = tracer;
        this.span = span;
    }

    public Span span() {
        return span;
    }

    /** The model version the request resolved to. */
    public void model(String model, String version) {
        span.setAttribute(MODEL, model);
        span.setAttribute(VERSION, version);
    }

    public void requestId(String id) {
        span.setAttribute(REQUEST_ID, id);
    }

    /** Starts the {@code encode} child: the transport writing the answer; {@link #encoded} ends it. */
    public Span encoding() {
        return tracer.spanBuilder("encode").setParent(Context.root().with(span)).startSpan();
    }

    public void encoded(Span encode) {
        encode.end();
        finish();
    }

    /**
     * Makes the server span current on this thread, so the exemplar sampler of the
     * {@code inference.requests} timer finds its trace id while the timer records.
     */
    public Scope makeCurrent() {
        return span.makeCurrent();
    }

    /**
     * Records the outcome tag of {@code inference.requests} ({@code ok} or an error). A failed request
     * ends here (nothing is encoded); an answered one once {@link #encoded} was called too.
     */
    public void end(String outcome) {
        span.setAttribute(OUTCOME, outcome);
        if (!"ok".equals(outcome)) {
            span.setStatus(StatusCode.ERROR, outcome);
            span.end();
            return;
        }
        finish();
    }

    private void finish() {
        if (pending.decrementAndGet() == 0) {
            span.end();
        }
    }

    public String traceId() {
        return span.getSpanContext().getTraceId();
    }

    /**
     * The W3C {@code traceparent} of this span (version 00), as carried by the prediction event's
     * {@code traceparent} CloudEvents extension: a consumer continues the trace from this request.
     */
    public String traceparent() {
        SpanContext c = span.getSpanContext();
        return "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex();
    }
}
