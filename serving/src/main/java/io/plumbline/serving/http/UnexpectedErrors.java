package io.plumbline.serving.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.plumbline.serving.inference.InferenceMetrics;
import io.plumbline.serving.inference.Status;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any exception no other handler claims: a 500 with a fixed message (no exception text, which may
 * quote input or internals) and, for inference calls, an {@code outcome="error"} count in
 * {@code inference.requests}: the 500s the probe found (a null parameter, a bad gzip body) happened
 * before the inference service and were counted nowhere.
 */
@Produces
@Singleton
@Requires(classes = ExceptionHandler.class)
final class UnexpectedErrors implements ExceptionHandler<Exception, HttpResponse<ErrorBody>> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrors.class);
    static final String MESSAGE = "internal error (see server log)";

    private final InferenceMetrics metrics;

    UnexpectedErrors(InferenceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, Exception e) {
        LOG.error("Unexpected error answering {} {}", request.getMethodName(), request.getPath(), e);
        String path = request.getPath();
        if (path.startsWith("/v2/models/") && path.endsWith("/infer")) {
            // Time is not known here; the count is what alerting on outcome="error" needs.
            metrics.record(InferenceMetrics.UNKNOWN, InferenceMetrics.UNKNOWN, "rest", Status.INTERNAL.outcome(), 0);
        }
        return HttpResponse.<ErrorBody>status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(new ErrorBody(MESSAGE));
    }
}
