package io.plumbline.monitor.testing;

import io.plumbline.testing.Await;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP server (the JDK's) that records every webhook call and answers with a status chosen per
 * call number, so tests can script "500, 500, 200" or "always 400".
 */
public final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger n = new AtomicInteger();

    public record Call(byte[] body, String signature, String eventId, String contentType) {
    }

    /** @param status the status to answer call {@code k} (0-based) with */
    public WebhookReceiver(IntUnaryOperator status) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            calls.add(new Call(body, exchange.getRequestHeaders().getFirst("X-Plumbline-Signature"),
                    exchange.getRequestHeaders().getFirst("X-Plumbline-Event-Id"),
                    exchange.getRequestHeaders().getFirst("Content-Type")));
            exchange.sendResponseHeaders(status.applyAsInt(n.getAndIncrement()), -1);
            exchange.close();
        });
        server.start();
    }

    public static WebhookReceiver answering(int status) {
        return new WebhookReceiver(k -> status);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook?token=not-for-logs");
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Waits until at least {@code count} calls arrived; fails after {@code timeout}. */
    public List<Call> await(int count, Duration timeout) {
        Await.until(() -> calls.size() >= count, timeout, () -> "expected " + count + " webhook calls, got " + calls.size());
        return calls();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
