package io.plumbline.testing;

import java.util.concurrent.Callable;

/**
 * Polls a readiness check every 20 ms on its own thread, as a load balancer would: records when it
 * first answered "not ready" (after having answered "ready"), and when, after that, it first got no
 * answer at all (the listener closed). {@code onNotReady} runs once, on the probe's thread, at the
 * first "not ready", while the server still answers: the place to look at the other readiness
 * endpoints.
 */
public final class ReadinessProbe implements AutoCloseable {
    private final Callable<Boolean> check;
    private final Runnable onNotReady;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean sawReady;
    private volatile long notReadyAt = -1;
    private volatile long unreachableAt = -1;

    /** @param check true or false as the server answers; throws when it does not answer */
    public ReadinessProbe(Callable<Boolean> check, Runnable onNotReady) {
        this.check = check;
        this.onNotReady = onNotReady;
        this.thread = new Thread(this::poll, "readiness-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        while (running) {
            try {
                boolean ready = check.call();
                if (ready) {
                    sawReady = true;
                } else if (sawReady && notReadyAt < 0) {
                    notReadyAt = System.nanoTime();
                    onNotReady.run();
                }
            } catch (Exception e) {
                if (notReadyAt >= 0 && unreachableAt < 0) {
                    unreachableAt = System.nanoTime();
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public boolean notReadySeen() {
        return notReadyAt >= 0;
    }

    /** System.nanoTime() of the first "not ready", or -1. */
    public long notReadyAt() {
        return notReadyAt;
    }

    /** System.nanoTime() of the first failure to get an answer after "not ready", or -1. */
    public long unreachableAt() {
        return unreachableAt;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
