package io.plumbline.serving.stats;

/** The engine calls of one batch size: the extension's {@code $batch_stats} entry. */
final class BatchSizeStats {
    final int batchSize;
    final DurationStat computeInput = new DurationStat();
    final DurationStat computeInfer = new DurationStat();
    final DurationStat computeOutput = new DurationStat();

    BatchSizeStats(int batchSize) {
        this.batchSize = batchSize;
    }

    StatsReport.Batch read() {
        return new StatsReport.Batch(batchSize, computeInput.read(), computeInfer.read(), computeOutput.read());
    }
}
