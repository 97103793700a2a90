package io.plumbline.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;

/**
 * A steady stream of prediction events in real time: event {@code i} is stamped {@code t0 + i * step}
 * and sent at {@code i * step} after the stream started, so event time moves as the wall clock does
 * and drift windows close one after the other while faults are injected. Each event is tallied (by the
 * producer, once acknowledged) to its window's start. Windows for which {@code drifted} holds carry the
 * shifted feature.
 */
final class PacedStream implements Runnable {
    private final Traffic traffic;
    private final EventProducer producer;
    private final String topic;
    private final String model;
    private final Instant t0;
    private final long stepMillis;
    private final long windowMillis;
    private final IntPredicate drifted;
    private final Thread thread = new Thread(this, "paced-stream");
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile int endWindow = Integer.MAX_VALUE;
    private volatile long sent;

    PacedStream(Traffic traffic, EventProducer producer, String topic, String model, Instant t0, Duration step,
            Duration window, IntPredicate drifted) {
        if (window.toMillis() % step.toMillis() != 0) {
            throw new IllegalArgumentException("the window must hold a whole number of steps");
        }
        this.traffic = traffic;
        this.producer = producer;
        this.topic = topic;
        this.model = model;
        this.t0 = t0;
        this.stepMillis = step.toMillis();
        this.windowMillis = window.toMillis();
        this.drifted = drifted;
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        try {
            for (long i = 0; ; i++) {
                long offset = i * stepMillis;
                int window = (int) (offset / windowMillis);
                if (window >= endWindow) {
                    return;
                }
                long wait = offset - (System.nanoTime() - started) / 1_000_000;
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                producer.send(traffic.event(topic, model, t0.plusMillis(offset), drifted.test(window)),
                        t0.toEpochMilli() + (long) window * windowMillis);
                sent = i + 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure.set(e);
        }
    }

    /** Event time of the last event sent, in milliseconds after {@code t0}. */
    long streamMillis() {
        return Math.max(0, (sent - 1) * stepMillis);
    }

    /** The window the stream is in now (0-based). */
    int currentWindow() {
        return (int) (streamMillis() / windowMillis);
    }

    /**
     * Ends the stream before window {@code end} (the next multiple of {@code multiple} after the current
     * window), waits for it, and returns the number of windows it sent.
     */
    int finishAtNext(int multiple, Duration timeout) throws InterruptedException {
        int end = (currentWindow() / multiple + 1) * multiple;
        endWindow = end;
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            thread.interrupt();
            throw new AssertionError("the stream did not reach window " + end + " within " + timeout);
        }
        if (failure.get() != null) {
            throw new AssertionError("the stream failed", failure.get());
        }
        return end;
    }

    /** Stops the stream at once (cleanup after a failure). */
    void stop() {
        endWindow = 0;
        thread.interrupt();
    }
}
