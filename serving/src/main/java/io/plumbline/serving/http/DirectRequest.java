package io.plumbline.serving.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Arrays;

/**
 * An infer call the direct route takes, and its body as it arrives. The route takes only the plain
 * case, where it can do exactly what Micronaut would: HTTP/1.1 {@code POST /v2/models/{model}/infer}
 * or {@code .../versions/{version}/infer} with nothing to decode in the path (no {@code %}, no query,
 * none of the {@code ;+&} that Micronaut's path variables do not match),
 * a {@code Content-Length} within {@code micronaut.server.max-request-size}, and no
 * {@code Content-Encoding}, {@code Transfer-Encoding}, {@code Expect} or {@code Upgrade}. Anything else
 * (a gzip body, a chunked upload, 100-continue, a body over the limit that Micronaut answers 413)
 * keeps Micronaut's route.
 */
final class DirectRequest {
    private static final String PREFIX = "/v2/models/";
    private static final String SUFFIX = "/infer";
    private static final String VERSIONS = "/versions/";
    /**
     * The body array starts at most this large and doubles as bytes arrive: a client that declares
     * 16 MB and sends nothing must not make the server hold 16 MB (per connection) for it.
     */
    static final int FIRST_CHUNK = 64 * 1024;

    private final String uri;
    private final String model;
    private final String version;
    private final HttpHeaders headers;
    private final String acceptEncoding;
    private final boolean keepAlive;
    private final int length;
    private byte[] body;
    private int filled;
    private boolean discarded;

    private DirectRequest(String uri, String model, String version, HttpHeaders headers, boolean keepAlive,
            int length) {
        this.uri = uri;
        this.model = model;
        this.version = version;
        this.headers = headers;
        // Read here, on the event loop that parsed the headers: the answer is encoded on a batcher
        // thread, where looking the header up again showed in profiles (memory another core wrote).
        this.acceptEncoding = headers.get(HttpHeaderNames.ACCEPT_ENCODING);
        this.keepAlive = keepAlive;
        this.length = length;
        this.body = new byte[Math.min(length, FIRST_CHUNK)];
    }

    /** The call, or null when Micronaut's route should take it. */
    static DirectRequest of(HttpRequest request, long maxBody) {
        if (!request.decoderResult().isSuccess() || request.protocolVersion() != HttpVersion.HTTP_1_1
                || !HttpMethod.POST.equals(request.method())) {
            return null;
        }
        String uri = request.uri();
        if (!uri.startsWith(PREFIX) || !uri.endsWith(SUFFIX) || uri.length() <= PREFIX.length() + SUFFIX.length()
                || hasAny(uri, "%?#;+&")) {
            return null;
        }
        String target = uri.substring(PREFIX.length(), uri.length() - SUFFIX.length());
        String model = target;
        String version = null;
        int slash = target.indexOf('/');
        if (slash >= 0) {
            int versions = target.indexOf(VERSIONS);
            if (versions <= 0 || versions != slash || target.indexOf('/', versions + VERSIONS.length()) >= 0
                    || versions + VERSIONS.length() == target.length()) {
                return null;
            }
            model = target.substring(0, versions);
            version = target.substring(versions + VERSIONS.length());
        }
        HttpHeaders headers = request.headers();
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING) || headers.contains(HttpHeaderNames.EXPECT)
                || headers.contains(HttpHeaderNames.UPGRADE) || encoded(headers)) {
            return null;
        }
        long length = HttpUtil.getContentLength(request, -1L);
        if (length < 0 || length > maxBody || length > Integer.MAX_VALUE - 8) {
            return null;
        }
        return new DirectRequest(uri, model, version, headers, HttpUtil.isKeepAlive(request), (int) length);
    }

    /** A character Micronaut decodes ({@code %}) or that its {@code {model}} variable does not match. */
    private static boolean hasAny(String uri, String chars) {
        for (int i = 0; i < chars.length(); i++) {
            if (uri.indexOf(chars.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean encoded(HttpHeaders headers) {
        String encoding = headers.get(HttpHeaderNames.CONTENT_ENCODING);
        return encoding != null && !HttpHeaderValues.IDENTITY.contentEqualsIgnoreCase(encoding.trim());
    }

    /** Copies a piece of the body; false when it would overrun the declared length (the codec prevents it). */
    boolean append(ByteBuf content) {
        int n = content.readableBytes();
        if (n > length - filled) {
            return false;
        }
        if (discarded) {
            content.skipBytes(n);
            filled += n;
            return true;
        }
        if (n > body.length - filled) {
            body = Arrays.copyOf(body, (int) Math.min(length, Math.max(filled + (long) n, 2L * body.length)));
        }
        content.readBytes(body, filled, n);
        filled += n;
        return true;
    }

    /** The call is refused: count its body's bytes but keep none of them. */
    void discard() {
        discarded = true;
        body = new byte[0];
    }

    String uri() {
        return uri;
    }

    String model() {
        return model;
    }

    /** Null for the model's default version. */
    String version() {
        return version;
    }

    HttpHeaders headers() {
        return headers;
    }

    /** The request's {@code Accept-Encoding}, or null. */
    String acceptEncoding() {
        return acceptEncoding;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /** The whole body, once its last piece arrived (the codec ends a body at its declared length). */
    byte[] body() {
        return filled == body.length ? body : Arrays.copyOf(body, filled);
    }
}
