package io.plumbline.serving.http;

import io.micronaut.http.server.netty.HttpCompressionStrategy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Gzips a direct answer when Micronaut's route would compress it: the client accepts gzip, and
 * Micronaut's own {@link HttpCompressionStrategy} (text-based content type, at least
 * {@code micronaut.server.netty.compression-threshold} bytes, at its compression level) says so. Only
 * gzip: it is what clients offer (Micronaut also speaks deflate, and br, zstd or snappy where their
 * libraries are present; a client that accepts only those gets the answer uncompressed, which HTTP allows).
 */
final class ResponseCompression {
    /** Looked up at the first answer: the strategy hangs off the server's configuration, built after this. */
    private final Provider<HttpCompressionStrategy> strategy;

    ResponseCompression(Provider<HttpCompressionStrategy> strategy) {
        this.strategy = strategy;
    }

    /**
     * The response, gzipped when the request allows and the strategy asks for it (then a new response
     * with the same headers, and the plain one released).
     *
     * @param accepted the request's {@code Accept-Encoding}, or null
     */
    FullHttpResponse apply(String accepted, FullHttpResponse response) {
        if (accepted == null || !acceptsGzip(accepted)) {
            return response;
        }
        HttpCompressionStrategy s = strategy.get();
        if (!s.shouldCompress(response)) {
            return response;
        }
        ByteBuf plain = response.content();
        ByteBuf packed = plain.alloc().buffer(plain.readableBytes() / 2 + 32);
        try (GZIPOutputStream gzip = new LeveledGzip(new ByteBufOutputStream(packed), s.getCompressionLevel())) {
            plain.getBytes(plain.readerIndex(), gzip, plain.readableBytes());
        } catch (IOException | RuntimeException e) {
            packed.release();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        FullHttpResponse compressed = response.replace(packed);
        response.release();
        compressed.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, packed.readableBytes());
        return compressed;
    }

    /** {@code gzip} or {@code *} listed without {@code q=0} (RFC 9110, 12.5.3). */
    static boolean acceptsGzip(String header) {
        for (String item : header.split(",")) {
            String[] parts = item.split(";");
            String coding = parts[0].trim().toLowerCase(Locale.ROOT);
            if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("*")) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("q=")) {
                    try {
                        refused = Double.parseDouble(p.substring(2)) <= 0;
                    } catch (NumberFormatException e) {
                        refused = true;
                    }
                }
            }
            if (!refused) {
                return true;
            }
        }
        return false;
    }

    /** GZIPOutputStream at a chosen level (its own is the deflater's default). */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream out, int level) throws IOException {
            super(out);
            def.setLevel(level);
        }
    }
}
