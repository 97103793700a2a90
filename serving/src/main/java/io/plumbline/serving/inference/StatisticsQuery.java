package io.plumbline.serving.inference;

import io.plumbline.model.LoadedModel;
import io.plumbline.model.ModelCatalog;
import io.plumbline.serving.stats.ModelStatistics;
import io.plumbline.serving.stats.StatsReport;
import java.util.List;

/**
 * The statistics extension's one query, for REST and gRPC alike: every model, every version of one
 * model, or one version (a number or an alias). A model or version that does not serve is refused as
 * every per-model call refuses it ({@link InferenceService#resolve}: NOT_FOUND, or UNAVAILABLE while the
 * first load runs).
 */
public final class StatisticsQuery {
    private final InferenceService inference;
    private final ModelCatalog catalog;
    private final ModelStatistics statistics;

    public StatisticsQuery(InferenceService inference, ModelCatalog catalog, ModelStatistics statistics) {
        this.inference = inference;
        this.catalog = catalog;
        this.statistics = statistics;
    }

    /**
     * @param model null or empty for every model
     * @param version null or empty for every version of {@code model}
     */
    public StatsReport.Response report(String model, String version) {
        if (model == null || model.isEmpty()) {
            return statistics.all();
        }
        if (version == null || version.isEmpty()) {
            LoadedModel any = inference.resolve(model, null);
            return statistics.report(catalog.versions(any.name()));
        }
        return statistics.report(List.of(inference.resolve(model, version)));
    }
}
