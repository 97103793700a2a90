package io.plumbline.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A retraining webhook receiver on a loopback port, the receiver's own log of every call: the
 * {@code X-Plumbline-Event-Id}, the body, whether {@code X-Plumbline-Signature} is the HMAC-SHA256 of the
 * body under the shared secret, and what it answered. Counts taken from this log are independent of the
 * monitor's own counters.
 *
 * <p>Faults, for the reliability suite: a script chooses the {@link Answer} to call {@code k} (0-based,
 * in arrival order): a status (200, 500, ...), {@link Answer#slow slow} (the answer comes after a delay
 * longer than the client's timeout), or {@link Answer#hangingUp hang up} (the connection is closed without
 * an answer). {@link #unbound} creates one whose port nobody listens on (connection refused) until
 * {@link #listen()}.
 */
public final class WebhookReceiver implements AutoCloseable {
    public static final String PATH = "/hooks/retrain";

    /** What the receiver does with one call. */
    public record Answer(int status, Duration delay, boolean hangUp) {
        public static Answer status(int status) {
            return new Answer(status, Duration.ZERO, false);
        }

        /** Answers {@code status}, but only after {@code delay}. */
        public static Answer slow(Duration delay, int status) {
            return new Answer(status, delay, false);
        }

        /** Reads the request and closes the connection without a response. */
        public static Answer hangingUp() {
            return new Answer(0, Duration.ZERO, true);
        }

        /** A 2xx answered at once: the sender saw a delivery. */
        public boolean delivered() {
            return !hangUp && delay.isZero() && status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return hangUp ? "hang up" : delay.isZero() ? String.valueOf(status) : status + " after " + delay.toMillis() + " ms";
        }
    }

    /**
     * One call as the receiver saw it; {@code index} is its arrival number, {@code signature} the raw
     * {@code X-Plumbline-Signature} header (null when absent) for tests that check it under other secrets.
     */
    public record Call(int index, String eventId, String body, boolean signatureValid, Answer answer,
            String signature, String contentType) {
        public byte[] bodyBytes() {
            return body.getBytes(StandardCharsets.UTF_8);
        }
    }

    private final String secret;
    private final int port;
    private final IntFunction<Answer> script;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger arrivals = new AtomicInteger();
    // Slow answers must not hold up other calls: one thread per call, as a real receiver would have.
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    private HttpServer server;

    private WebhookReceiver(String secret, int port, IntFunction<Answer> script) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.port = port;
        this.script = Objects.requireNonNull(script, "script");
    }

    /** A receiver on a free port answering every call with 200. */
    public WebhookReceiver(String secret) {
        this(secret, FreePorts.loopback(), k -> Answer.status(200));
        listen();
    }

    /** A receiver on a free port answering call {@code k} with {@code script.apply(k)}. */
    public static WebhookReceiver scripted(String secret, IntFunction<Answer> script) {
        WebhookReceiver r = new WebhookReceiver(secret, FreePorts.loopback(), script);
        r.listen();
        return r;
    }

    /** A receiver whose port nobody listens on yet (senders get connection refused) until {@link #listen()}. */
    public static WebhookReceiver unbound(String secret, IntFunction<Answer> script) {
        return new WebhookReceiver(secret, FreePorts.loopback(), script);
    }

    /** Starts listening on its port; calls are then answered by the script. */
    public synchronized void listen() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " for webhooks", e);
        }
        server.createContext(PATH, this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + port + PATH;
    }

    /** Every call so far, in arrival order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Waits until at least {@code count} calls arrived and returns them all; fails after {@code timeout}. */
    public List<Call> await(int count, Duration timeout) {
        Await.until(() -> calls.size() >= count, timeout,
                () -> "expected " + count + " webhook calls, got " + calls.size());
        return calls();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int index = arrivals.getAndIncrement();
        Answer answer = script.apply(index);
        byte[] body = exchange.getRequestBody().readAllBytes();
        String signature = exchange.getRequestHeaders().getFirst("X-Plumbline-Signature");
        calls.add(new Call(index, exchange.getRequestHeaders().getFirst("X-Plumbline-Event-Id"),
                new String(body, StandardCharsets.UTF_8),
                "POST".equals(exchange.getRequestMethod()) && verify(body, signature), answer, signature,
                exchange.getRequestHeaders().getFirst("Content-Type")));
        if (answer.hangUp()) {
            // Closing an exchange before sending headers closes the connection: the sender reads EOF.
            exchange.close();
            return;
        }
        try (exchange) {
            if (!answer.delay().isZero()) {
                Thread.sleep(answer.delay().toMillis());
            }
            exchange.sendResponseHeaders(answer.status(), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // A slow answer usually finds the sender gone (it timed out): nothing to tell it.
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
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
        }
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
