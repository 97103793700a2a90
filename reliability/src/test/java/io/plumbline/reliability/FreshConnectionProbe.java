package io.plumbline.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A newcomer: every {@code periodMillis} a new TCP connection asks {@code GET /v2/health/ready} and hangs up.
 * Keep-alive clients never connect again, so they cannot show that new clients still get in during a flood;
 * this does. A connection refused or timing out, or any answer but 200, is a failure.
 */
final class FreshConnectionProbe {
    private static final int TIMEOUT_MS = 10_000;

    private final int port;
    private final long periodMillis;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong slowestMillis = new AtomicLong();
    private final List<String> firstFailures = new ArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "fresh-connection"));
    private final Future<?> running;

    FreshConnectionProbe(int port, long periodMillis) {
        this.port = port;
        this.periodMillis = periodMillis;
        this.running = thread.submit(this::run);
    }

    private Void run() throws InterruptedException {
        while (!stop.get()) {
            sent.incrementAndGet();
            long t0 = System.nanoTime();
            String failure = ask();
            slowestMillis.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), Math::max);
            if (failure != null) {
                failed.incrementAndGet();
                synchronized (firstFailures) {
                    if (firstFailures.size() < 10) {
                        firstFailures.add(failure);
                    }
                }
            }
            Thread.sleep(periodMillis);
        }
        return null;
    }

    private String ask() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            s.getOutputStream().write(("GET /v2/health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return status.equals("HTTP/1.1 200") ? null : "answered '" + status + "'";
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Stops and waits for the thread; a thread that died counts as a failure. */
    void stop() throws InterruptedException {
        stop.set(true);
        try {
            running.get(TIMEOUT_MS * 3L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            failed.incrementAndGet();
            synchronized (firstFailures) {
                firstFailures.add("probe thread: " + e);
            }
        }
        thread.shutdownNow();
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    String summary() {
        synchronized (firstFailures) {
            return sent() + " new connections asked readiness, " + failed() + " failed"
                    + (firstFailures.isEmpty() ? "" : " " + firstFailures) + ", slowest " + slowestMillis.get() + " ms";
        }
    }
}
