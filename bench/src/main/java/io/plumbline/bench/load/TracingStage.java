package io.plumbline.bench.load;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cost of tracing (serving/TRACING.md): two servers from the same jar, up side by side, one with
 * tracing off (no {@code OTEL_TRACES_EXPORTER}, the default) and one exporting every span
 * ({@code always_on}) over OTLP/HTTP to a {@link TraceReceiver} in this process; REST JSON infer at
 * c={@value #CONCURRENCY} in {@value #ROUNDS} rounds, the order alternating (off, on; on, off; ...).
 * Both servers' event sink is {@code none}, so only tracing differs.
 */
final class TracingStage {
    static final int CONCURRENCY = 32;
    static final int ROUNDS = 3;
    private static final int JIT_WARMUP_ROUNDS = 2;
    private static final int JIT_WARMUP_SECONDS = 4;
    private static final String INFER = "/v2/models/weather/infer";

    private final Path jar;
    private final Path repository;
    private final Path workDir;
    private final List<String> jvm;
    private final Wrk wrk;
    private final int warmupSeconds;
    private final int seconds;
    private final PrintStream log;

    TracingStage(Path jar, Path repository, Path workDir, List<String> jvm, Wrk wrk, int warmupSeconds, int seconds,
            PrintStream log) {
        this.jar = jar;
        this.repository = repository;
        this.workDir = workDir;
        this.jvm = jvm;
        this.wrk = wrk;
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
        this.log = log;
    }

    TracingReport run() throws Exception {
        try (TraceReceiver receiver = new TraceReceiver()) {
            Map<String, String> on = new LinkedHashMap<>();
            on.put("OTEL_TRACES_EXPORTER", "otlp");
            on.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            on.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
            on.put("OTEL_TRACES_SAMPLER", "always_on");
            Map<String, String> onEnv = new LinkedHashMap<>(on);
            onEnv.put("PLUMBLINE_EVENTS_SINK", "none");
            // Off is the default: no OTEL_ variable (ServerProcess drops any inherited ones).
            Map<String, String> offEnv = Map.of("PLUMBLINE_EVENTS_SINK", "none");
            try (ServerProcess off = ServerProcess.start(jar, repository, workDir, jvm, offEnv, "server-tracing-off.log");
                    ServerProcess traced = ServerProcess.start(jar, repository, workDir, jvm, onEnv,
                            "server-tracing-on.log")) {
                byte[] body = LoadHarness.jsonBody();
                Wrk.Target offTarget = LoadHarness.checked(off, wrk, INFER, body, LoadHarness.JSON_HEADERS);
                Wrk.Target onTarget = LoadHarness.checked(traced, wrk, INFER, body, LoadHarness.JSON_HEADERS);
                log.println("warming both servers up (JIT) ...");
                for (int i = 0; i < JIT_WARMUP_ROUNDS; i++) {
                    wrk.run("warm-up", offTarget, CONCURRENCY, JIT_WARMUP_SECONDS);
                    wrk.run("warm-up", onTarget, CONCURRENCY, JIT_WARMUP_SECONDS);
                }
                List<LoadResult> runs = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    boolean offFirst = round % 2 == 0;
                    for (boolean isOff : offFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                        String label = isOff ? TracingReport.OFF : TracingReport.ON;
                        Wrk.Target target = isOff ? offTarget : onTarget;
                        if (warmupSeconds > 0) {
                            wrk.run(label, target, CONCURRENCY, warmupSeconds);
                        }
                        LoadResult r = wrk.run(label, target, CONCURRENCY, seconds);
                        LoadHarness.print(log, r);
                        runs.add(r);
                    }
                }
                // The batch exporter sends every few seconds: give it one interval before counting.
                Thread.sleep(6000);
                log.printf("  OTLP receiver: %,d export requests, %,d bytes%n", receiver.posts(), receiver.bytes());
                if (receiver.posts() == 0) {
                    throw new IllegalStateException("the traced server exported no span; see " + traced.log());
                }
                return new TracingReport(List.copyOf(runs), receiver.posts(), receiver.bytes(),
                        on.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(" ")),
                        "java " + String.join(" ", jvm) + " -jar " + jar);
            }
        }
    }
}
