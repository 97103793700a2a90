package io.plumbline.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Client threads that send the same infer request until stopped, each with its own JDK HTTP client. Every
 * request is tallied here, by the client: a 200 from an expected version is a success; any other status,
 * a 200 from a version the scenario did not expect, a transport error or a timeout is a failure. Each
 * thread's {@link Future} is kept, so a thread that died is counted too, never lost.
 */
final class InferLoad {
    /** The demo weather model's input (one row of four features). */
    static final String WEATHER_ROW = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
            + "\"data\":[1.2,25.0,14.0,2.2]}]}";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int KEPT_FAILURES = 10;

    private final HttpRequest request;
    private final Predicate<String> expectedVersion;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService threads;
    private final List<Future<?>> clients = new ArrayList<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong maxLatencyNanos = new AtomicLong();
    private final List<String> firstFailures = new ArrayList<>();
    private final Map<String, LongAdder> versions = new ConcurrentHashMap<>();

    private InferLoad(URI infer, int clientCount, Predicate<String> expectedVersion) {
        this.request = HttpRequest.newBuilder(infer).timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(WEATHER_ROW)).build();
        this.expectedVersion = expectedVersion;
        this.threads = Executors.newFixedThreadPool(clientCount, r -> new Thread(r, "infer-client"));
        for (int i = 0; i < clientCount; i++) {
            clients.add(threads.submit(this::run));
        }
    }

    /** Starts {@code clientCount} threads posting to {@code infer}; {@code expectedVersion} judges each 200. */
    static InferLoad start(URI infer, int clientCount, Predicate<String> expectedVersion) {
        return new InferLoad(infer, clientCount, expectedVersion);
    }

    private Void run() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        while (!stop.get()) {
            sent.increment();
            long t0 = System.nanoTime();
            String failure;
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                failure = judge(r);
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            maxLatencyNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
            if (failure == null) {
                ok.increment();
            } else {
                fail(failure);
            }
        }
        return null;
    }

    private String judge(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            return "HTTP " + r.statusCode() + ": " + r.body().lines().findFirst().orElse("");
        }
        String version;
        try {
            JsonNode body = Results.JSON.readTree(r.body());
            version = body.path("model_version").asText("");
        } catch (IOException e) {
            return "200 with a body that is not JSON: " + e.getMessage();
        }
        versions.computeIfAbsent(version, v -> new LongAdder()).increment();
        return expectedVersion.test(version) ? null : "200 from version '" + version + "', not one expected now";
    }

    private void fail(String why) {
        failed.incrementAndGet();
        synchronized (firstFailures) {
            if (firstFailures.size() < KEPT_FAILURES) {
                firstFailures.add(why);
            }
        }
    }

    long sent() {
        return sent.sum();
    }

    long ok() {
        return ok.sum();
    }

    long failed() {
        return failed.get();
    }

    /** Answers counted per model_version (successes and unexpected versions alike). */
    Map<String, Long> versions() {
        Map<String, Long> out = new TreeMap<>();
        versions.forEach((v, n) -> out.put(v, n.sum()));
        return out;
    }

    long answeredBy(String version) {
        LongAdder n = versions.get(version);
        return n == null ? 0 : n.sum();
    }

    long maxLatencyMillis() {
        return TimeUnit.NANOSECONDS.toMillis(maxLatencyNanos.get());
    }

    List<String> firstFailures() {
        synchronized (firstFailures) {
            return List.copyOf(firstFailures);
        }
    }

    /**
     * Stops the clients and waits for every thread; a thread that ended with an exception or did not end is
     * counted as a failure. Afterwards {@code sent == ok + failed} for every request a thread started.
     */
    void stop() throws InterruptedException {
        stop.set(true);
        for (Future<?> f : clients) {
            try {
                f.get(REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                fail("client thread died: " + e.getCause());
            } catch (TimeoutException e) {
                fail("client thread did not stop within " + (REQUEST_TIMEOUT.toSeconds() + 10) + " s");
            }
        }
        threads.shutdownNow();
    }

    String summary() {
        return sent() + " sent, " + ok() + " ok, " + failed() + " failed" + (failed() == 0 ? "" : " " + firstFailures())
                + ", answers by version " + versions() + ", slowest " + maxLatencyMillis() + " ms";
    }
}
