package io.plumbline.bench.report;

import io.plumbline.bench.load.KafkaReport;
import io.plumbline.bench.load.LoadHarness;
import io.plumbline.bench.load.ServerCpu;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the server's CPU goes per request at c=32, by area (which threads spent it), and the throughput
 * ratios that CPU alone gives: those of a CPU-bound server whose clients run on other machines.
 */
final class ServerCpuSection {
    private static final int C = LoadHarness.ROUND_CONCURRENCY;
    private final List<ServerCpu> samples;

    ServerCpuSection(List<ServerCpu> samples) {
        this.samples = samples.stream().filter(s -> s.concurrency() == C).toList();
    }

    boolean isEmpty() {
        return samples.isEmpty();
    }

    List<Ratio> ratios() {
        List<Ratio> r = new ArrayList<>();
        predicted(r, "REST JSON infer / `GET /v2/health/live`", LoadHarness.JSON, LoadHarness.LIVE);
        predicted(r, "REST binary infer / `GET /v2/health/live`", LoadHarness.BINARY, LoadHarness.LIVE);
        predicted(r, "gRPC ModelInfer / gRPC ServerLive (h2load)", LoadHarness.H2_INFER, LoadHarness.H2_LIVE);
        return r;
    }

    private void predicted(List<Ratio> r, String what, String infer, String live) {
        List<ServerCpu> a = of(infer);
        List<ServerCpu> b = of(live);
        if (a.isEmpty() || b.isEmpty()) {
            return;
        }
        // A CPU-bound server answers in proportion to 1 / its CPU per request: live's cost over infer's is
        // the ratio with the load generator off the server's cores. Here the client shares them, and its
        // own cost per request (alike for both calls) pulls the measured ratio up towards 1.
        r.add(Ratio.info("Demo, c=" + C + ": " + what + " from the server's CPU per request alone (the second's us "
                + "per request / the first's, median of the per-round ratios; \"Server CPU per request\" below): "
                + "the ratio of a CPU-bound server whose clients run elsewhere",
                RoundRatio.of(b, a, ServerCpu::valid, ServerCpu::totalMicros)));
    }

    void markdown(StringBuilder md) {
        md.append("## Server CPU per request, by area (c=").append(C).append(")\n\n")
                .append("The server process's CPU time (user + system of each thread, from `/proc/PID/task/*/stat`, "
                        + "in 10 ms ticks) over each measured point, divided by the requests the client completed; "
                        + "the median of the rounds, in microseconds. The client's CPU and the kernel's work "
                        + "outside the server's threads are not in it. Areas by thread name: HTTP event loops "
                        + "(Micronaut's Netty `default-eventLoopGroup`), gRPC event loops (`grpc-nio-worker`), "
                        + "batchers (`batcher-<model>`: the engine, encoding answers, building events), embedded "
                        + "monitor (`plumbline-embedded-monitor`: drift windows and the ground-truth join of every "
                        + "prediction), garbage collector (`GC Thread`, `G1 ...`), JIT compiler, other. The total is "
                        + "the median of the rounds' totals, so it need not equal the sum of the columns.\n\n")
                .append("| point | rounds | total |");
        ServerCpu.AREAS.forEach(a -> md.append(' ').append(a).append(" |"));
        md.append("\n|---|---:|---:|");
        ServerCpu.AREAS.forEach(a -> md.append("---:|"));
        md.append('\n');
        for (String label : labels()) {
            List<ServerCpu> all = of(label);
            List<ServerCpu> rounds = all.stream().filter(ServerCpu::valid).toList();
            if (rounds.isEmpty()) {
                md.append("| ").append(label).append(" | invalid (").append(all.size()).append(" rounds, every one "
                        + "with errors) | - |");
                ServerCpu.AREAS.forEach(a -> md.append(" - |"));
                md.append('\n');
                continue;
            }
            md.append("| ").append(label).append(" | ").append(rounds.size() == all.size() ? String.valueOf(all.size())
                    : rounds.size() + " of " + all.size() + " (the others had errors)").append(" | ")
                    .append(String.format("%.1f", KafkaReport.median(rounds, ServerCpu::totalMicros))).append(" |");
            for (String area : ServerCpu.AREAS) {
                md.append(String.format(" %.1f |", KafkaReport.median(rounds, s -> s.micros(area))));
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private Set<String> labels() {
        Set<String> labels = new LinkedHashSet<>();
        samples.forEach(s -> labels.add(s.label()));
        return labels;
    }

    private List<ServerCpu> of(String label) {
        return samples.stream().filter(s -> s.label().equals(label)).toList();
    }
}
