package io.plumbline.bench.load;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in OTLP/HTTP collector for the tracing stage: a JDK {@link HttpServer} on a free loopback
 * port answering 200 to every {@code POST /v1/traces} and counting the export requests and their
 * bytes, so the stage can show that the traced server really exported spans. It does not decode them:
 * the cost measured is the server's, and a real collector would run elsewhere.
 */
final class TraceReceiver implements AutoCloseable {
    private final HttpServer server;
    private final AtomicLong posts = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    TraceReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                long n = in.transferTo(java.io.OutputStream.nullOutputStream());
                if ("POST".equals(exchange.getRequestMethod())) {
                    posts.incrementAndGet();
                    bytes.addAndGet(n);
                    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    exchange.sendResponseHeaders(405, -1);
                }
            }
        });
        server.start();
    }

    /** What {@code OTEL_EXPORTER_OTLP_ENDPOINT} should be (the exporter appends {@code /v1/traces}). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long posts() {
        return posts.get();
    }

    long bytes() {
        return bytes.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
