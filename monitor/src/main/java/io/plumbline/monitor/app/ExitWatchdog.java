package io.plumbline.monitor.app;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort that makes a stop signal always end the process: when the JVM starts shutting down, a
 * daemon thread waits {@code bound} and then halts it, with a log line, if the shutdown hooks (Micronaut
 * closing its beans, Kafka Streams among them) have not finished by then. When they finish in time the JVM
 * exits and this thread, a daemon, dies with it.
 */
final class ExitWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(ExitWatchdog.class);
    static final int HALT_STATUS = 1;

    private ExitWatchdog() {
    }

    static void install(Duration bound) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(bound.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                LOG.error("Still stopping {} s after the stop signal; halting the JVM without waiting further",
                        bound.toSeconds());
                Runtime.getRuntime().halt(HALT_STATUS);
            }, "plumbline-exit-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }, "plumbline-exit-watchdog-hook"));
    }
}
