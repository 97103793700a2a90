package io.plumbline.serving.tracing;

import io.micronaut.context.exceptions.ConfigurationException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.plumbline.monitor.config.ConfigValueException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Serving's tracer, or nothing. Tracing is on only when a traces exporter is configured
 * ({@code OTEL_TRACES_EXPORTER} / {@code otel.traces.exporter} other than {@code none}, and the SDK
 * not disabled): the SDK's own default is {@code otlp}, which would make every installation try to
 * reach {@code localhost:4317}. When off there is no SDK at all and {@link #enabled()} is false, so
 * the request path checks one boolean and allocates nothing.
 *
 * <p>Owned by the application context (no {@code GlobalOpenTelemetry}); {@link #close()} flushes
 * the spans still queued in the batch processor.
 */
public final class Tracing implements AutoCloseable {
    static final String INSTRUMENTATION = "io.plumbline.serving";
    private static final String EXPORTER = "otel.traces.exporter";
    private static final Set<String> PACKAGED_EXPORTERS = Set.of("otlp", "none");

    private final OpenTelemetry openTelemetry;
    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final boolean enabled;

    private Tracing(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk, boolean enabled) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
        this.enabled = enabled;
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Tracing off: no SDK, no spans. */
    public static Tracing off() {
        return new Tracing(OpenTelemetry.noop(), null, false);
    }

    /** Tracing with a given SDK (tests wire an in-memory exporter this way); closed with this object. */
    public static Tracing with(OpenTelemetrySdk sdk) {
        return new Tracing(sdk, sdk, true);
    }

    /**
     * From the standard OpenTelemetry environment variables and system properties, read by the SDK's
     * autoconfiguration. A bad value (an unknown exporter or sampler) fails the start with the SDK's
     * message naming the property.
     */
    public static Tracing fromEnvironment(Map<String, String> env, Properties system) {
        if (!configured(env, system)) {
            return off();
        }
        String exporters = setting(env, system, EXPORTER);
        for (String exporter : exporters.split(",")) {
            if (!PACKAGED_EXPORTERS.contains(exporter.trim().toLowerCase(Locale.ROOT))) {
                throw new ConfigValueException(EXPORTER, exporters, "names an exporter serving does not ship "
                        + "(otlp is the one packaged; none turns tracing off)", "otlp");
            }
        }
        Map<String, String> given = otelSettings(env, system);
        try {
            OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    // Defaults only: what is given wins. Serving's metrics stay on /prometheus, its logs on stdout.
                    .addPropertiesSupplier(() -> Map.of("otel.metrics.exporter", "none", "otel.logs.exporter",
                            "none", "otel.service.name", "plumbline-serving"))
                    // The settings read here, so the SDK and the on/off decision see the same ones.
                    .addPropertiesCustomizer(config -> given)
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk();
            return with(sdk);
        } catch (io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException e) {
            // The SDK's message names the property and the value; add what a working setting looks like.
            throw new ConfigurationException("OpenTelemetry tracing: " + e.getMessage() + "; for example "
                    + "OTEL_TRACES_EXPORTER=otlp OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf "
                    + "OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 OTEL_TRACES_SAMPLER=parentbased_always_on", e);
        }
    }

    /** Every {@code OTEL_*} variable as its {@code otel.*} property, then every {@code otel.*} property over it. */
    private static Map<String, String> otelSettings(Map<String, String> env, Properties system) {
        Map<String, String> given = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("OTEL_")) {
                given.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        for (String k : system.stringPropertyNames()) {
            if (k.startsWith("otel.")) {
                given.put(k, system.getProperty(k));
            }
        }
        return given;
    }

    /** Whether a traces exporter other than {@code none} is named and the SDK is not disabled. */
    static boolean configured(Map<String, String> env, Properties system) {
        if ("true".equalsIgnoreCase(setting(env, system, "otel.sdk.disabled"))) {
            return false;
        }
        String exporter = setting(env, system, EXPORTER);
        return exporter != null && !exporter.isBlank() && !exporter.trim().equalsIgnoreCase("none");
    }

    /** As the SDK reads it: the system property first, then {@code OTEL_...} in the environment. */
    private static String setting(Map<String, String> env, Properties system, String property) {
        String value = system.getProperty(property);
        return value != null ? value : env.get(property.toUpperCase(Locale.ROOT).replace('.', '_'));
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Starts the server span of one request, continuing the trace named by the carrier's
     * {@code traceparent} (and {@code tracestate}), or a new trace when it has none. Null when off.
     *
     * @param name the span name, e.g. {@code POST /v2/models/{model}/infer}
     */
    public <C> RequestTrace start(String name, String protocol, C carrier, TextMapGetter<C> getter) {
        if (!enabled) {
            return null;
        }
        Context parent = propagator.extract(Context.root(), carrier, getter);
        return new RequestTrace(tracer, tracer.spanBuilder(name).setSpanKind(SpanKind.SERVER).setParent(parent)
                .setAttribute(RequestTrace.PROTOCOL, protocol).startSpan());
    }

    /** The tracer for spans below a request's (queue wait, batch, encode); a no-op one when off. */
    public Tracer tracer() {
        return tracer;
    }

    @Override
    public void close() {
        if (sdk != null) {
            // Flushes the batch span processor: spans of the last requests are exported, not lost.
            sdk.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
