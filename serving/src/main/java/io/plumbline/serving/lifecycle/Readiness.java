package io.plumbline.serving.lifecycle;

import io.plumbline.serving.registry.ModelStartup;
import jakarta.inject.Singleton;

/**
 * Readiness as every probe reports it ({@code /v2/health/ready}, model ready over REST and gRPC,
 * {@code /health/readiness}): true once the repository has loaded, false again from the moment
 * shutdown starts. Serving requests does not depend on it: during the grace period the server still
 * answers while telling load balancers to go elsewhere.
 */
@Singleton
public final class Readiness {
    private final ModelStartup startup;
    private volatile boolean shuttingDown;

    Readiness(ModelStartup startup) {
        this.startup = startup;
    }

    /** Models loaded and not shutting down. */
    public boolean ready() {
        return !shuttingDown && startup.ready();
    }

    /** True from the first phase of shutdown on. */
    public boolean shuttingDown() {
        return shuttingDown;
    }

    void shutdownStarted() {
        shuttingDown = true;
    }
}
