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
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;

/**
 * The policy on REST: every request, before its controller runs (and before an inference body is
 * decoded), is authenticated and authorized by the {@link Authorizer}; a refusal is answered here,
 * as {@code {"error": ...}} with 401 (and {@code WWW-Authenticate}), 403 or 429 (and {@code Retry-After}).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class HttpAuthFilter implements Ordered {
    static final String CHALLENGE = "Bearer realm=\"plumbline\"";

    private final Authorizer authorizer;

    HttpAuthFilter(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @RequestFilter
    @Nullable
    MutableHttpResponse<ErrorBody> filter(HttpRequest<?> request) {
        RestRoutes.Target target = RestRoutes.classify(request);
        try {
            Identity caller = authorizer.authenticate(target.api(), credentials(request));
            authorizer.authorize(caller, target.api(), target.model());
            return null;
        } catch (Denied d) {
            return refusal(d);
        }
    }

    private Credentials credentials(HttpRequest<?> request) {
        if (!authorizer.enabled()) {
            return Credentials.NONE;
        }
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        X500Principal subject = null;
        if (authorization == null) {
            Certificate cert = request.getCertificate().orElse(null);
            subject = cert instanceof X509Certificate x ? x.getSubjectX500Principal() : null;
        }
        return new Credentials(authorization, subject);
    }

    static MutableHttpResponse<ErrorBody> refusal(Denied d) {
        HttpStatus status = switch (d.reason()) {
            case MISSING, INVALID, EXPIRED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN, DISABLED -> HttpStatus.FORBIDDEN;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
        };
        MutableHttpResponse<ErrorBody> response = HttpResponse.<ErrorBody>status(status)
                .contentType(MediaType.APPLICATION_JSON_TYPE).body(new ErrorBody(d.getMessage()));
        if (d.reason() == Reason.MISSING) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        } else if (d.reason().unauthenticated()) {
            // RFC 6750: a credential was sent and is no good.
            response.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE + ", error=\"invalid_token\"");
        } else if (d.reason() == Reason.RATE_LIMITED) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(d.retryAfterSeconds()));
        }
        return response;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }
}
