package io.plumbline.serving.lifecycle;

import io.plumbline.serving.registry.ModelStartup;
import io.plumbline.serving.registry.ReadinessRequirement;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Readiness as every server probe reports it ({@code /v2/health/ready}, gRPC ServerReady,
 * {@code /health/readiness}): true once the repository has loaded and the loaded models meet
 * {@code plumbline.readiness.require} (by default: at least one version serving), false again from
 * the moment shutdown starts. Serving requests does not depend on it: during the grace period the
 * server still answers while telling load balancers to go elsewhere. Model readiness is per version
 * and does not use the requirement.
 */
@Singleton
public final class Readiness {
    private final ModelStartup startup;
    private final ReadinessRequirement requirement;
    private final List<Runnable> onShutdown = new CopyOnWriteArrayList<>();
    private volatile boolean shuttingDown;

    Readiness(ModelStartup startup, ReadinessRequirement requirement) {
        this.startup = startup;
        this.requirement = requirement;
    }

    /** Models loaded as required and not shutting down. */
    public boolean ready() {
        return notReadyReason().isEmpty();
    }

    /** Why the server is not ready, in words for the probe's body; empty when it is ready. */
    public Optional<String> notReadyReason() {
        if (shuttingDown) {
            return Optional.of("shutting down");
        }
        if (!startup.ready()) {
            return Optional.of("loading models");
        }
        return requirement.unmet();
    }

    /** True from the first phase of shutdown on. */
    public boolean shuttingDown() {
        return shuttingDown;
    }

    /** Runs {@code action} when shutdown starts (gRPC health watchers are told at once, not polled). */
    public void onShutdown(Runnable action) {
        onShutdown.add(action);
    }

    void shutdownStarted() {
        shuttingDown = true;
        onShutdown.forEach(Runnable::run);
    }
}
