package io.plumbline.serving.stats;

import io.plumbline.model.LoadedModel;
import io.plumbline.model.ModelCatalog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link VersionStats} of every model version, and the reports built from them. A version's
 * statistics are created when it first loads and kept by model name and version number, so a hot
 * reload of the same version (new files) keeps counting where it was: {@code perf_analyzer} takes
 * differences between two reports and must not see counts fall. Reports list serving versions only.
 */
public final class ModelStatistics {
    private final Clock clock;
    private final ModelCatalog catalog;
    private final Map<String, VersionStats> versions = new ConcurrentHashMap<>();

    public ModelStatistics(ModelCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** The statistics of a version: looked up once, when its batcher is created, not per request. */
    public VersionStats of(LoadedModel model) {
        return versions.computeIfAbsent(key(model.name(), model.versionLabel()), k -> new VersionStats(clock));
    }

    private static String key(String model, String version) {
        return model + '\0' + version;
    }

    /** Every serving version of every model, by name then version. */
    public StatsReport.Response all() {
        return report(catalog.loaded());
    }

    /**
     * The listed versions (the caller resolved them, so an unknown model or version has already been
     * refused with the protocol's NOT_FOUND).
     */
    public StatsReport.Response report(List<LoadedModel> models) {
        List<StatsReport.Model> out = new ArrayList<>(models.size());
        for (LoadedModel m : models) {
            VersionStats s = versions.get(key(m.name(), m.versionLabel()));
            out.add((s == null ? new VersionStats(clock) : s).read(m.name(), m.versionLabel()));
        }
        return new StatsReport.Response(List.copyOf(out));
    }
}
