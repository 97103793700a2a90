package io.plumbline.serving.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteMatch;

/**
 * Which API group a REST request belongs to, read from the route Micronaut matched (its template and
 * its {@code model} variable), so the policy sees exactly what the controller will see, whatever the
 * spelling of the path. A matched route this table does not know is {@code admin}: a management
 * endpoint turned on later is closed until someone classifies it.
 */
final class RestRoutes {
    /** The group and, for per-model calls, the model. */
    record Target(Api api, String model) {
    }

    private RestRoutes() {
    }

    static Target classify(HttpRequest<?> request) {
        RouteMatch<?> match = RouteAttributes.getRouteMatch(request).orElse(null);
        if (!(match instanceof UriRouteMatch<?, ?> uri)) {
            // No route: 404 or 405 follows. Still classified, so that probing for paths needs credentials.
            return new Target(request.getPath().startsWith("/v2/repository") ? Api.ADMIN : Api.READ, null);
        }
        String template = uri.getRouteInfo().getUriMatchTemplate().toPathString();
        Object model = uri.getVariableValues().get("model");
        return new Target(api(template), model == null ? null : model.toString());
    }

    /** The group of a route template such as {@code /v2/models/{model}/infer}. */
    static Api api(String template) {
        if (template.equals("/v2/health/live") || template.equals("/v2/health/ready")
                || template.equals("/health") || template.startsWith("/health/")) {
            return Api.PROBE;
        }
        if (template.equals("/prometheus")) {
            return Api.METRICS;
        }
        if (template.startsWith("/v2/models/")) {
            // Feedback is a client's write about its own predictions: the same grant as asking for them.
            return template.endsWith("/infer") || template.endsWith("/feedback") ? Api.INFER : Api.READ;
        }
        if (template.equals("/v2") || template.equals("/drift") || template.startsWith("/drift/")
                || template.equals("/openapi.yaml")) {
            // The live drift page (read-only; per version it names {model}, so read:<model> suffices) and the
            // API description.
            return Api.READ;
        }
        return Api.ADMIN;
    }
}
