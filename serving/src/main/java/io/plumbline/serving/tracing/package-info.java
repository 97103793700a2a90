/**
 * OpenTelemetry tracing of inference requests: the SDK built from the standard {@code OTEL_*}
 * variables (off unless a traces exporter is named), W3C trace context read from REST headers and
 * gRPC metadata, one server span per request, and the Prometheus exemplar source that links a
 * latency bucket to a trace. When off, nothing here allocates on the request path.
 */
package io.plumbline.serving.tracing;
