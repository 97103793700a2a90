package io.plumbline.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A retraining webhook receiver on a free loopback port: records every POST with whether its
 * {@code X-Plumbline-Signature} is the HMAC-SHA256 of the body under the shared secret, answers 200.
 */
final class WebhookReceiver implements AutoCloseable {
    static final String PATH = "/hooks/retrain";

    record Call(String eventId, String body, boolean signatureValid) {
    }

    private final String secret;
    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    WebhookReceiver(String secret) {
        this.secret = secret;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the webhook receiver", e);
        }
        server.createContext(PATH, this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst("X-Plumbline-Signature");
            calls.add(new Call(exchange.getRequestHeaders().getFirst("X-Plumbline-Event-Id"),
                    new String(body, StandardCharsets.UTF_8), "POST".equals(exchange.getRequestMethod())
                    && verify(body, signature)));
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private boolean verify(byte[] body, String header) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            return header != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    header.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
