package io.plumbline.serving.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.plumbline.serving.http.ErrorBody;

/**
 * The policy on Micronaut's REST routes: every request, before its controller runs (and before an
 * inference body is decoded), passes the {@link RestGate}; a refusal is answered here, as
 * {@code {"error": ...}} with 401 (and {@code WWW-Authenticate}), 403 or 429 (and {@code Retry-After}).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class HttpAuthFilter implements Ordered {
    private final RestGate gate;

    HttpAuthFilter(RestGate gate) {
        this.gate = gate;
    }

    @RequestFilter
    @Nullable
    MutableHttpResponse<ErrorBody> filter(HttpRequest<?> request) {
        RestRoutes.Target target = RestRoutes.classify(request);
        Refusal refusal = gate.check(target.api(), target.model(), request.getHeaders().get(HttpHeaders.AUTHORIZATION),
                () -> request.getCertificate().orElse(null));
        if (refusal == null) {
            return null;
        }
        MutableHttpResponse<ErrorBody> response = HttpResponse.<ErrorBody>status(HttpStatus.valueOf(refusal.status()))
                .contentType(MediaType.APPLICATION_JSON_TYPE).body(new ErrorBody(refusal.message()));
        if (refusal.header() != null) {
            response.header(refusal.header(), refusal.headerValue());
        }
        return response;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }
}
