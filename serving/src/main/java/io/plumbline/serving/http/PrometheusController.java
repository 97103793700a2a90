package io.plumbline.serving.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;

/**
 * {@code /prometheus}, in the format the scraper asks for: OpenMetrics when its {@code Accept} names
 * {@code application/openmetrics-text} (Prometheus does by default), which is the format that carries
 * exemplars (the trace id of a request in the {@code inference.requests} histogram buckets); the
 * Prometheus text format 0.0.4 otherwise. Micronaut's own endpoint answers only the text format, so it
 * is switched off in {@code application.yml}.
 */
@Controller
final class PrometheusController {
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    PrometheusController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get(uri = "/prometheus", produces = MediaType.ALL)
    HttpResponse<String> scrape(@Nullable @Header(HttpHeaders.ACCEPT) String accept) {
        boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
        String type = openMetrics ? OPEN_METRICS : TEXT;
        return HttpResponse.ok(registry.scrape(type)).contentType(MediaType.of(type));
    }
}
