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

    private final StageSetup s;

    TracingStage(StageSetup s) {
        this.s = s;
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
            try (ServerProcess off = ServerProcess.start(s.jar(), s.repository(), s.workDir(), s.jvm(), offEnv, "server-tracing-off.log");
                    ServerProcess traced = ServerProcess.start(s.jar(), s.repository(), s.workDir(), s.jvm(), onEnv,
                            "server-tracing-on.log")) {
                byte[] body = LoadHarness.jsonBody();
                Wrk.Target offTarget = LoadHarness.checked(off, s.wrk(), INFER, body, LoadHarness.JSON_HEADERS);
                Wrk.Target onTarget = LoadHarness.checked(traced, s.wrk(), INFER, body, LoadHarness.JSON_HEADERS);
                s.log().println("warming both servers up (JIT) ...");
                for (int i = 0; i < JIT_WARMUP_ROUNDS; i++) {
                    s.wrk().run("warm-up", offTarget, CONCURRENCY, JIT_WARMUP_SECONDS);
                    s.wrk().run("warm-up", onTarget, CONCURRENCY, JIT_WARMUP_SECONDS);
                }
                List<LoadResult> runs = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    boolean offFirst = round % 2 == 0;
                    for (boolean isOff : offFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                        String label = isOff ? TracingReport.OFF : TracingReport.ON;
                        Wrk.Target target = isOff ? offTarget : onTarget;
                        if (s.warmupSeconds() > 0) {
                            s.wrk().run(label, target, CONCURRENCY, s.warmupSeconds());
                        }
                        LoadResult r = s.wrk().run(label, target, CONCURRENCY, s.seconds());
                        LoadHarness.print(s.log(), r);
                        runs.add(r);
                    }
                }
                // The batch exporter sends every few seconds: give it one interval before counting.
                Thread.sleep(6000);
                s.log().printf("  OTLP receiver: %,d export requests, %,d bytes%n", receiver.posts(), receiver.bytes());
                if (receiver.posts() == 0) {
                    throw new IllegalStateException("the traced server exported no span; see " + traced.log());
                }
                return new TracingReport(List.copyOf(runs), receiver.posts(), receiver.bytes(),
                        on.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(" ")),
                        "java " + String.join(" ", s.jvm()) + " -jar " + s.jar());
            }
        }
    }
}
