package io.plumbline.serving.http;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.plumbline.serving.inference.StatisticsQuery;
import io.plumbline.serving.stats.StatsReport;

/**
 * The statistics extension over REST ({@code GET /v2/models[/{m}[/versions/{v}]]/stats}), as Triton
 * serves it. A read: the {@code read} scope, {@code read:<model>} for one model's.
 */
@Controller("/v2/models")
final class StatisticsController {
    private final StatisticsQuery statistics;

    StatisticsController(StatisticsQuery statistics) {
        this.statistics = statistics;
    }

    @Get("/stats")
    StatsReport.Response all() {
        return statistics.report(null, null);
    }

    @Get("/{model}/stats")
    StatsReport.Response model(@PathVariable String model) {
        return statistics.report(model, null);
    }

    @Get("/{model}/versions/{version}/stats")
    StatsReport.Response version(@PathVariable String model, @PathVariable String version) {
        return statistics.report(model, version);
    }
}
