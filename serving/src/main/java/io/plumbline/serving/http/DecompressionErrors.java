package io.plumbline.serving.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.netty.handler.codec.compression.DecompressionException;
import jakarta.inject.Singleton;

/**
 * A body that does not decode with its {@code Content-Encoding} (plain JSON sent as gzip) is the
 * client's mistake: 400 naming the encoding, where Micronaut's default was a 500.
 */
@Produces
@Singleton
@Requires(classes = {DecompressionException.class, ExceptionHandler.class})
final class DecompressionErrors implements ExceptionHandler<DecompressionException, HttpResponse<ErrorBody>> {
    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, DecompressionException e) {
        // The header is gone by now (Micronaut removes it when it sets up decompression).
        return HttpResponse.<ErrorBody>status(HttpStatus.BAD_REQUEST).body(new ErrorBody("request body does not "
                + "decode with its Content-Encoding: send it encoded so, or drop the header"));
    }
}
