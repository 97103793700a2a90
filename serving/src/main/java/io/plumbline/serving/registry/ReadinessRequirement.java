package io.plumbline.serving.registry;

import io.micronaut.context.exceptions.ConfigurationException;
import io.plumbline.model.LoadedModel;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.ModelName;
import io.plumbline.model.RegistryHealth;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which loaded models make the server ready ({@code plumbline.readiness.require}), and in words why
 * it is not. An empty server is never ready: a probe that passes with nothing loaded (a relative
 * repository path resolved from another directory, an S3 bucket without credentials) sends traffic
 * to a server that can only answer 404.
 */
@Singleton
public final class ReadinessRequirement {
    private enum Mode { ANY, ALL, NAMED }

    private final ModelCatalog catalog;
    private final Mode mode;
    private final List<String> names;

    ReadinessRequirement(ReadinessConfig config, ModelCatalog catalog) {
        this.catalog = catalog;
        List<String> values = new ArrayList<>();
        for (String v : config.require() == null ? List.<String>of() : config.require()) {
            if (!v.isBlank()) {
                values.add(v.trim());
            }
        }
        String single = values.size() == 1 ? values.get(0).toLowerCase(Locale.ROOT) : "";
        if (values.isEmpty() || single.equals("any")) {
            mode = Mode.ANY;
            names = List.of();
        } else if (single.equals("all")) {
            mode = Mode.ALL;
            names = List.of();
        } else {
            for (String v : values) {
                if (!ModelName.isValid(v) || v.equalsIgnoreCase("any") || v.equalsIgnoreCase("all")) {
                    throw new ConfigurationException(ReadinessConfig.PREFIX + ".require: '" + ModelName.printable(v)
                            + "' is not a model name; use any, all, or model names such as [weather, fraud]");
                }
            }
            mode = Mode.NAMED;
            names = List.copyOf(new TreeSet<>(values));
        }
    }

    /** The requirement as the start-up summary states it. */
    public String describe() {
        return switch (mode) {
            case ANY -> "any model version loaded";
            case ALL -> "every model of the repository loaded";
            case NAMED -> "models " + String.join(", ", names) + " loaded";
        };
    }

    /** Why the loaded models do not meet the requirement; empty when they do. */
    public Optional<String> unmet() {
        List<LoadedModel> loaded = catalog.loaded();
        if (loaded.isEmpty()) {
            return Optional.of(nothingLoaded());
        }
        Set<String> serving = new TreeSet<>();
        loaded.forEach(m -> serving.add(m.name()));
        List<String> missing = new ArrayList<>();
        for (String m : mode == Mode.ALL ? catalog.listedModels() : names) {
            if (!serving.contains(m)) {
                missing.add(m);
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String key = ReadinessConfig.PREFIX + ".require is " + (mode == Mode.ALL ? "all" : names.toString());
        return Optional.of("model(s) not loaded: " + String.join(", ", missing) + " (" + key
                + "; see /v2/repository/index for why)");
    }

    private String nothingLoaded() {
        String uri = catalog.repository().describe();
        RegistryHealth.State h = catalog.registryHealth().state();
        if (h.lastSuccess() == null && h.degraded()) {
            return "no model version loaded from " + uri + ": the repository cannot be listed: " + h.lastError();
        }
        int found = catalog.listedModels().size();
        return "no model version loaded from " + uri + " (" + found + " model(s) found"
                + (found > 0 ? ", none could load; see /v2/repository/index for why" : "") + ")";
    }
}
