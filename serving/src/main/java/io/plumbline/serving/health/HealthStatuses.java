package io.plumbline.serving.health;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.plumbline.model.InvalidNameException;
import io.plumbline.model.LoadedModel;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.ModelName;
import io.plumbline.model.ModelNotFoundException;
import io.plumbline.model.VersionState;
import io.plumbline.serving.lifecycle.Readiness;
import io.plumbline.serving.registry.ModelStartup;
import jakarta.inject.Singleton;

/**
 * The status of a health service name, read now (never cached, so Check is never stale): the same
 * answers as the V2 probes. {@link ServingStatus#SERVICE_UNKNOWN} means the name is not one the server
 * knows: not a health name at all, or a model that is neither serving, nor in the repository, nor in
 * the repository index (Check answers it with NOT_FOUND, as the health protocol says). A model that is
 * known but does not serve (unloaded through the repository API, failed to load, a version that is
 * gone) is NOT_SERVING, as is everything while the first load is running or once shutdown started.
 */
@Singleton
final class HealthStatuses {
    private final Readiness readiness;
    private final ModelStartup startup;
    private final ModelCatalog catalog;

    HealthStatuses(Readiness readiness, ModelStartup startup, ModelCatalog catalog) {
        this.readiness = readiness;
        this.startup = startup;
        this.catalog = catalog;
    }

    ServingStatus of(String service) {
        HealthNames.Target t = HealthNames.parse(service);
        return switch (t.kind()) {
            case SERVER -> readiness.ready() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
            case LIVE -> ServingStatus.SERVING;
            case MODEL -> model(t.model(), t.version());
            case UNKNOWN -> ServingStatus.SERVICE_UNKNOWN;
        };
    }

    private ServingStatus model(String model, String version) {
        if (!ModelName.isValid(model)) {
            return ServingStatus.SERVICE_UNKNOWN;
        }
        LoadedModel m;
        try {
            m = catalog.resolve(model, version);
        } catch (ModelNotFoundException | InvalidNameException e) {
            // Before the first load is done, any model may still turn up.
            return !startup.ready() || known(model) ? ServingStatus.NOT_SERVING : ServingStatus.SERVICE_UNKNOWN;
        }
        return m.retired() || readiness.shuttingDown() ? ServingStatus.NOT_SERVING : ServingStatus.SERVING;
    }

    /** In the repository's listing or its index (loaded, unloaded or refused since start). */
    private boolean known(String model) {
        if (catalog.listedModels().contains(model)) {
            return true;
        }
        for (VersionState s : catalog.index()) {
            if (s.model().equals(model)) {
                return true;
            }
        }
        return false;
    }
}
