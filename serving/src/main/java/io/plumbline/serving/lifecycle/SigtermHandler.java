package io.plumbline.serving.lifecycle;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Takes SIGTERM from the JVM once the server is up, and answers it with {@link ShutdownCoordinator}
 * on a thread of its own, then {@code System.exit} with the coordinator's code.
 *
 * <p>Why a signal handler and not Micronaut's shutdown hook: by default the JVM answers SIGTERM by
 * starting its shutdown with status 143 (128 + 15) and then only runs hooks, so the process exits 143
 * however cleanly the hooks drain; a hook cannot change that ({@code System.exit(0)} inside a hook
 * blocks forever) other than by {@code Runtime.halt(0)}, which kills the hooks still running
 * (logging among them). Handling the signal instead means the JVM is not shutting down while we
 * drain: the grace period can keep serving, and the one {@code System.exit} at the end sets the
 * status honestly (0 clean, 1 when work was cut) and runs the hooks normally (Micronaut's finds the
 * context already stopped). {@code sun.misc.Signal} (module jdk.unsupported, in every JDK and JRE
 * image) is the JDK's only signal API; with {@code -Xrs} or where it is missing, the JVM's default
 * stays and a warning says so. SIGINT (Ctrl-C) keeps the default: a quick stop, no grace period.
 *
 * <p>Not in the {@code test} environment: a test JVM's SIGTERM belongs to the build tool.
 */
@Singleton
@Requires(notEnv = Environment.TEST)
final class SigtermHandler implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(SigtermHandler.class);

    private final ShutdownCoordinator coordinator;
    private final AtomicBoolean installed = new AtomicBoolean();
    private final AtomicBoolean received = new AtomicBoolean();

    SigtermHandler(ShutdownCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    /** HTTP and gRPC each publish a startup event; the first installs the handler. */
    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (!installed.compareAndSet(false, true)) {
            return;
        }
        try {
            Signal.handle(new Signal("TERM"), this::terminate);
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            LOG.warn("Cannot handle SIGTERM ({}): it stops the JVM at once, without the graceful shutdown", e.toString());
        }
    }

    private void terminate(Signal signal) {
        if (!received.compareAndSet(false, true)) {
            LOG.info("SIGTERM again: shutdown is already under way");
            return;
        }
        // The signal dispatcher thread must not block; the shutdown thread is not a daemon, so the JVM
        // stays up until it calls exit.
        new Thread(() -> {
            int code = 1;
            try {
                code = coordinator.run("SIGTERM");
            } catch (Throwable t) {
                LOG.error("Shutdown failed", t);
            } finally {
                System.exit(code);
            }
        }, "plumbline-shutdown").start();
    }
}
