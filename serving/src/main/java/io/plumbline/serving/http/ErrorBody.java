package io.plumbline.serving.http;

import io.micronaut.serde.annotation.Serdeable;

/** The V2 error body: {@code {"error": "<message naming the field>"}}. */
@Serdeable
public record ErrorBody(String error) {
}
