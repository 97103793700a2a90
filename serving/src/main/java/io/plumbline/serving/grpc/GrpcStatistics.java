package io.plumbline.serving.grpc;

import io.plumbline.serving.grpc.v2.InferBatchStatistics;
import io.plumbline.serving.grpc.v2.InferStatistics;
import io.plumbline.serving.grpc.v2.ModelStatistics;
import io.plumbline.serving.grpc.v2.ModelStatisticsResponse;
import io.plumbline.serving.grpc.v2.StatisticDuration;
import io.plumbline.serving.stats.StatsReport;

/** A statistics report as Triton's {@code ModelStatisticsResponse}: the same numbers REST sends as JSON. */
final class GrpcStatistics {
    private GrpcStatistics() {
    }

    static ModelStatisticsResponse encode(StatsReport.Response report) {
        ModelStatisticsResponse.Builder b = ModelStatisticsResponse.newBuilder();
        for (StatsReport.Model m : report.modelStats()) {
            StatsReport.Inference i = m.inferenceStats();
            ModelStatistics.Builder s = ModelStatistics.newBuilder().setName(m.name()).setVersion(m.version())
                    .setLastInference(m.lastInference()).setInferenceCount(m.inferenceCount())
                    .setExecutionCount(m.executionCount())
                    .setInferenceStats(InferStatistics.newBuilder().setSuccess(duration(i.success()))
                            .setFail(duration(i.fail())).setQueue(duration(i.queue()))
                            .setComputeInput(duration(i.computeInput())).setComputeInfer(duration(i.computeInfer()))
                            .setComputeOutput(duration(i.computeOutput())).setCacheHit(duration(i.cacheHit()))
                            .setCacheMiss(duration(i.cacheMiss())));
            for (StatsReport.Batch batch : m.batchStats()) {
                s.addBatchStats(InferBatchStatistics.newBuilder().setBatchSize(batch.batchSize())
                        .setComputeInput(duration(batch.computeInput()))
                        .setComputeInfer(duration(batch.computeInfer()))
                        .setComputeOutput(duration(batch.computeOutput())));
            }
            b.addModelStats(s);
        }
        return b.build();
    }

    private static StatisticDuration duration(StatsReport.Duration d) {
        return StatisticDuration.newBuilder().setCount(d.count()).setNs(d.ns()).build();
    }
}
