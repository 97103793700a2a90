/**
 * The W3C trace context a prediction event arrives with ({@code ce_traceparent}, {@code ce_tracestate}):
 * {@link io.plumbline.monitor.trace.TraceContext} checks its syntax, {@link io.plumbline.monitor.trace.TraceSample}
 * keeps one example per window, so a drift record leads to a trace of a request counted in it. Depends on
 * nothing else in the monitor.
 */
package io.plumbline.monitor.trace;
