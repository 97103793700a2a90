package io.plumbline.bench.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cost of tracing (serving/TRACING.md): three servers from the same jar, up side by side, two with
 * tracing off (no {@code OTEL_TRACES_EXPORTER}, the default) and one exporting every span
 * ({@code always_on}) over OTLP/HTTP to a {@link TraceReceiver} in this process; REST JSON infer at
 * c={@value #CONCURRENCY} in {@value #ROUNDS} rounds, the order alternating (off, off B, on; on, off B,
 * off; ...). The second off server is an A/A control: off B / off is what a same-run ratio of two
 * identical servers reads here, the noise floor against which on / off is read. Every server's event
 * sink is {@code none}, so only tracing differs.
 */
final class TracingStage {
    static final int CONCURRENCY = 32;
    static final int ROUNDS = 3;
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
                    ServerProcess control = ServerProcess.start(s.jar(), s.repository(), s.workDir(), s.jvm(), offEnv,
                            "server-tracing-off-b.log");
                    ServerProcess traced = ServerProcess.start(s.jar(), s.repository(), s.workDir(), s.jvm(), onEnv,
                            "server-tracing-on.log")) {
                byte[] body = LoadHarness.jsonBody();
                Map<String, Wrk.Target> targets = new LinkedHashMap<>();
                targets.put(TracingReport.OFF, LoadHarness.checked(off, s.wrk(), INFER, body, LoadHarness.JSON_HEADERS));
                targets.put(TracingReport.OFF_B, LoadHarness.checked(control, s.wrk(), INFER, body,
                        LoadHarness.JSON_HEADERS));
                targets.put(TracingReport.ON, LoadHarness.checked(traced, s.wrk(), INFER, body,
                        LoadHarness.JSON_HEADERS));
                s.log().println("warming the three servers up (JIT) ...");
                Map<String, ServerProcess> servers = Map.of(TracingReport.OFF, off, TracingReport.OFF_B, control,
                        TracingReport.ON, traced);
                List<JitWarmup.Result> warmups = new ArrayList<>();
                for (Map.Entry<String, Wrk.Target> t : targets.entrySet()) {
                    warmups.add(JitWarmup.run(t.getKey(), servers.get(t.getKey()).pid(),
                            secs -> s.wrk().run("warm-up", t.getValue(), CONCURRENCY, secs), s.log()));
                }
                List<String> forward = List.copyOf(targets.keySet());
                List<String> backward = new ArrayList<>(forward);
                Collections.reverse(backward);
                List<LoadResult> runs = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    for (String label : round % 2 == 0 ? forward : backward) {
                        Wrk.Target target = targets.get(label);
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
                        "java " + String.join(" ", s.jvm()) + " -jar " + s.jar(), List.copyOf(warmups));
            }
        }
    }
}
