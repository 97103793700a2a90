/**
 * The statistics extension of Triton and KServe ({@code GET /v2/models[/{m}[/versions/{v}]]/stats}, gRPC
 * {@code ModelStatistics}): per model version, cumulative request counts and times as the batcher and
 * the request path measure them, in the shape {@code perf_analyzer} reads. One {@link VersionStats} per
 * model version, written on the request path with adders only; {@link ModelStatistics} finds them and
 * reports {@link StatsReport}s, which REST and gRPC only encode.
 */
package io.plumbline.serving.stats;
