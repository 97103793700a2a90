package io.plumbline.bench.load;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What a stage that starts its own servers from the packaged jar needs ({@link KafkaSinkStage},
 * {@link TracingStage}).
 *
 * @param jar the packaged server
 * @param repository the model repository the servers serve
 * @param workDir where their logs go
 * @param jvm the servers' JVM options
 * @param wrk the load generator
 * @param warmupSeconds warm-up before each measured run
 * @param seconds each measured run
 * @param log progress lines
 */
record StageSetup(Path jar, Path repository, Path workDir, List<String> jvm, Wrk wrk, int warmupSeconds,
        int seconds, PrintStream log) {
}
