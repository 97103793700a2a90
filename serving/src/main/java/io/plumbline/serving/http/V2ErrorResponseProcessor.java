package io.plumbline.serving.http;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.plumbline.serving.inference.Quoted;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * Makes the errors Micronaut itself raises (body too large, no such route, wrong method) use the
 * V2 error body, so every client sees {@code {"error": "..."}} whatever failed.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class V2ErrorResponseProcessor implements ErrorResponseProcessor<ErrorBody> {
    @Override
    public MutableHttpResponse<ErrorBody> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        String message = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        if (message.isEmpty()) {
            message = response.reason();
        }
        String path = context.getRequest().getPath();
        if (response.code() == 413 && message.contains("exceeds the maximum allowed")) {
            // Micronaut's text gives the number; the key tells the operator what to raise.
            message += " (micronaut.server.max-request-size)";
        }
        if (response.code() == 404) {
            message = "no such endpoint: " + context.getRequest().getMethodName() + " " + Quoted.of(path)
                    + " (see GET /v2 and the README for the V2 endpoints)";
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(new ErrorBody(message));
    }
}
