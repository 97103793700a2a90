package io.plumbline.serving.http;

import io.micronaut.context.annotation.Requirements;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.plumbline.serving.inference.InferenceException;
import jakarta.inject.Singleton;

/** Sends an {@link InferenceException} as its status and {@code {"error": ...}}. */
@Produces
@Singleton
@Requirements(@Requires(classes = {InferenceException.class, ExceptionHandler.class}))
final class ErrorResponses implements ExceptionHandler<InferenceException, HttpResponse<ErrorBody>> {
    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, InferenceException e) {
        return HttpResponse.<ErrorBody>status(io.micronaut.http.HttpStatus.valueOf(e.status().httpStatus()))
                .body(new ErrorBody(e.getMessage()));
    }
}
