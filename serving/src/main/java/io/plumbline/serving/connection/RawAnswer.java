package io.plumbline.serving.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The V2 error body ({@code {"error": ...}}) for answers given below Micronaut, where its error
 * processor never runs; always with {@code Connection: close}, since the connection ends after it.
 * Messages are fixed text and numbers from configuration, never client input, so no JSON escaping.
 */
final class RawAnswer {
    private RawAnswer() {
    }

    /** A response for the HTTP codec to encode. */
    static FullHttpResponse response(HttpResponseStatus status, String message) {
        ByteBuf body = Unpooled.copiedBuffer(json(message), StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return r;
    }

    /** The same response as bytes, for a connection refused before any codec took part. */
    static ByteBuf bytes(HttpResponseStatus status, String message) {
        byte[] body = json(message).getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        return Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
    }

    private static String json(String message) {
        return "{\"error\":\"" + message + "\"}";
    }
}
