package io.plumbline.serving.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * The statistics extension's JSON objects, field for field as Triton's
 * {@code docs/protocol/extension_statistics.md} names them ({@code $stats_model_response},
 * {@code $model_stat}, {@code $inference_stats}, {@code $batch_stats}, {@code $duration_stat});
 * gRPC's {@code ModelStatisticsResponse} is built from the same values.
 */
public final class StatsReport {
    private StatsReport() {
    }

    /** {@code $stats_model_response}. Empty lists are sent ({@code []}), as Triton sends them. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Response(@JsonProperty("model_stats") List<Model> modelStats) {
    }

    /**
     * {@code $model_stat}. Plumbline reports no memory usage and has no decoupled models, so
     * {@code memory_usage} is always {@code []} and {@code response_stats} always {@code {}}.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Model(String name, String version, @JsonProperty("last_inference") long lastInference,
            @JsonProperty("inference_count") long inferenceCount,
            @JsonProperty("execution_count") long executionCount,
            @JsonProperty("inference_stats") Inference inferenceStats,
            @JsonProperty("batch_stats") List<Batch> batchStats,
            @JsonProperty("memory_usage") List<String> memoryUsage,
            @JsonProperty("response_stats") Map<String, String> responseStats) {

        public Model(String name, String version, long lastInference, long inferenceCount, long executionCount,
                Inference inferenceStats, List<Batch> batchStats) {
            this(name, version, lastInference, inferenceCount, executionCount, inferenceStats, batchStats, List.of(),
                    Map.of());
        }
    }

    /** {@code $inference_stats}. */
    @Serdeable
    public record Inference(Duration success, Duration fail, Duration queue,
            @JsonProperty("compute_input") Duration computeInput,
            @JsonProperty("compute_infer") Duration computeInfer,
            @JsonProperty("compute_output") Duration computeOutput,
            @JsonProperty("cache_hit") Duration cacheHit,
            @JsonProperty("cache_miss") Duration cacheMiss) {
    }

    /** {@code $batch_stats}. */
    @Serdeable
    public record Batch(@JsonProperty("batch_size") long batchSize,
            @JsonProperty("compute_input") Duration computeInput,
            @JsonProperty("compute_infer") Duration computeInfer,
            @JsonProperty("compute_output") Duration computeOutput) {
    }

    /** {@code $duration_stat}. */
    @Serdeable
    public record Duration(long count, long ns) {
    }
}
