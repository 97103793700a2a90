package io.plumbline.bench.load;

import io.plumbline.bench.BenchModels;
import io.plumbline.bench.stage.StageTimes;
import io.plumbline.model.engine.Engine;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Starts the packaged server on a fresh repository and measures, side by side in one run:
 * the HTTP ceiling ({@code GET /v2/health/live}), REST JSON and binary infer, gRPC ServerLive and
 * infer at each concurrency (interleaved, so each ratio's two sides are measured minutes apart at
 * most); the bench MLP with batching on and off; server-side latency at c=1 from {@code /prometheus};
 * and, before the server starts, the in-process engine ceiling with the server's thread budget.
 * Finally the c=32 REST JSON point runs again under JFR. Then, with the main server stopped, the
 * Kafka-sink stage ({@link KafkaSinkStage}): a real Kafka broker and two more servers, event sink
 * {@code none} and Kafka, driven in interleaved rounds.
 */
public final class LoadHarness {
    public static final String RAW = "raw Netty HTTP/1.1 floor (fixed JSON body)";
    public static final String LIVE = "REST GET /v2/health/live";
    public static final String JSON = "REST JSON infer weather";
    /** The same call on a second server with {@code plumbline.http.direct-infer=false} (serving/HTTP.md). */
    public static final String JSON_MICRONAUT = "REST JSON infer weather, Micronaut's route";
    public static final String BINARY = "REST binary infer weather";
    public static final String GRPC_LIVE = "gRPC ServerLive";
    public static final String GRPC_INFER = "gRPC infer weather";
    public static final String H2_LIVE = "gRPC ServerLive (h2load)";
    public static final String H2_INFER = "gRPC infer weather (h2load)";
    static final String LIVE_METHOD = "inference.GRPCInferenceService/ServerLive";
    static final String INFER_METHOD = "inference.GRPCInferenceService/ModelInfer";
    public static final String MLP_ON = "REST binary infer mlp (batching on)";
    public static final String MLP_OFF = "REST binary infer mlp_nobatch (batching off)";
    public static final String CEILING = "in-process ONNX Runtime ";
    /**
     * c=8 was cut to keep the whole run near 15 minutes on 2 cores, and c=128 (2026-12-04: five points, 20 s,
     * no goal, the run at 14 min 55 s); every ratio with a goal is at c=1 or c=32.
     */
    public static final int[] CONCURRENCY = {1, 32};
    public static final int MLP_CONCURRENCY = 32;
    /** The Kafka-sink stage: REST JSON infer at this concurrency, none and Kafka this many times each. */
    public static final int KAFKA_CONCURRENCY = 32;
    public static final int KAFKA_ROUNDS = 3;
    /** Rounds of every c=32 ratio's sides (and the MLP pair): A,B; B,A; A,B, so neither side always goes first. */
    public static final int ROUNDS = 3;
    public static final int ROUND_CONCURRENCY = 32;

    private static final String JSON_TYPE = "Content-Type: application/json";
    static final List<String> JSON_HEADERS = List.of(JSON_TYPE);

    /**
     * @param servingJar the packaged server
     * @param seconds measured seconds per point; each point also gets {@code warmupSeconds} first
     * @param server run the engine ceiling and the main server's points (everything but the Kafka stage)
     * @param kafka run the Kafka-sink stage
     * @param startup run the start-up and footprint stage (plain jar vs class-data archive)
     * @param tracing run the tracing stage (tracing off vs on at 100 %)
     */
    public record Options(Path servingJar, Path demoRepository, Path workDir, String wrk, int seconds,
            int warmupSeconds, boolean profile, boolean server, boolean kafka, boolean startup, boolean tracing) {
    }

    private final Options options;
    private final PrintStream log;
    private final StageTimes times;
    private final List<LoadResult> points = new ArrayList<>();
    private final List<ServerCpu> serverCpu = new ArrayList<>();

    public LoadHarness(Options options, PrintStream log, StageTimes times) {
        this.options = options;
        this.log = log;
        this.times = times;
    }

    public LoadReport run() throws Exception {
        int workers = Runtime.getRuntime().availableProcessors();
        Path repo = BenchRepository.create(options.demoRepository(), Files.createDirectories(
                options.workDir().resolve("models")));
        List<String> jvm = List.of("-Xmx1g", "-Dai.djl.offline=true");
        String serverCommand = "java " + String.join(" ", jvm) + " -jar " + options.servingJar();
        LoadReport report = options.server()
                ? times.time("Engine ceiling, main server's points, JFR", () -> measureServer(repo, jvm, workers))
                : new LoadReport(List.of(), workers, Double.NaN, Double.NaN, Double.NaN, "", "", serverCommand, null, null, null,
                        List.of(), List.of());
        if (options.kafka()) {
            log.println("== Kafka event sink vs sink none");
            KafkaReport kafka = times.time("Kafka event sink", () -> new KafkaSinkStage(setup(repo, jvm)).run());
            report = report.withKafka(kafka);
        }
        if (options.tracing()) {
            log.println("== tracing off vs on (OTLP/HTTP to a stand-in collector, every request sampled)");
            report = report.withTracing(times.time("Tracing", () -> new TracingStage(setup(repo, jvm)).run()));
        }
        if (options.startup()) {
            log.println("== start-up and footprint: plain jar vs class-data archive");
            // The demo repository alone: the start-up of the documented single-model configuration.
            Path startupWork = Files.createDirectories(options.workDir().resolve("startup"));
            report = report.withStartup(times.time("Start-up", () -> new StartupStage(options.servingJar(),
                    options.demoRepository(), startupWork, jvm, log).run()));
        }
        return report;
    }

    private StageSetup setup(Path repo, List<String> jvm) {
        return new StageSetup(options.servingJar(), repo, options.workDir(), jvm, new Wrk(options.wrk(),
                options.workDir()), options.warmupSeconds(), options.seconds(), log);
    }

    private LoadReport measureServer(Path repo, List<String> jvm, int workers) throws Exception {
        Duration warmup = Duration.ofSeconds(options.warmupSeconds());
        Duration measure = Duration.ofSeconds(options.seconds());

        // The engine ceiling first, while nothing else runs.
        for (String model : List.of(BenchModels.DEMO, BenchModels.MLP)) {
            try (Engine engine = BenchModels.load(repo.resolve(model).resolve("1"), model + "/1")) {
                for (int threads : new int[] {1, workers}) {
                    add(EngineCeiling.measure(engine, model, threads, warmup, measure));
                }
            }
        }

        try (ServerProcess server = ServerProcess.start(options.servingJar(), repo, options.workDir(), jvm);
                // Idle but for its own points: the direct route against Micronaut's, same jar, same rounds.
                ServerProcess micronautRoute = ServerProcess.startWith(options.servingJar(), repo, options.workDir(),
                        jvm, Map.of("PLUMBLINE_HTTP_DIRECT_INFER", "false"), "server-micronaut-route.log");
                GrpcLoad grpc = new GrpcLoad(server.grpcPort());
                RawNettyServer raw = new RawNettyServer()) {
            Wrk wrk = new Wrk(options.wrk(), options.workDir());
            Wrk.Target floor = wrk.get(raw.url());
            Wrk.Target live = wrk.get(server.url("/v2/health/live"));
            Wrk.Target json = checked(server, wrk, "/v2/models/weather/infer", jsonBody(), JSON_HEADERS);
            Wrk.Target jsonMicronaut = checked(micronautRoute, wrk, "/v2/models/weather/infer", jsonBody(),
                    JSON_HEADERS);
            Binary demo = binaryBody(BenchModels.DEMO);
            Wrk.Target binary = checked(server, wrk, "/v2/models/weather/infer", demo.body, demo.headers);
            Binary mlpBody = binaryBody(BenchModels.MLP);
            Wrk.Target mlpOn = checked(server, wrk, "/v2/models/mlp/infer", mlpBody.body, mlpBody.headers);
            Wrk.Target mlpOff = checked(server, wrk, "/v2/models/" + BenchRepository.MLP_NOBATCH + "/infer",
                    mlpBody.body, mlpBody.headers);

            H2load h2load = new H2load("h2load", options.workDir());
            boolean h2 = h2load.available();
            if (h2) {
                grpc.checkOnce();
            } else {
                log.println("h2load not found (Debian: apt-get install nghttp2-client): gRPC with h2load not measured");
            }
            byte[] inferMessage = GrpcLoad.demoRequest().toByteArray();
            log.println("warming the server up (JIT) ...");
            // Each slice drives every REST path measured below for 1 s, so all of them are compiled before the points:
            // at 32 connections, and the demo model's at 1 too, where a request runs on the event loop (the
            // batcher's inline path), code that load at 32 never reaches. Warmed at 32 only, the first point at 1
            // measured the compiler: 121 us p50 where a warm server answers in 70.
            List<Wrk.Target> warmTargets = List.of(json, binary, mlpOn, mlpOff);
            List<JitWarmup.Result> warmups = List.of(JitWarmup.run("main server", server.pid(), secs -> {
                for (Wrk.Target t : warmTargets) {
                    wrk.run("warm-up", t, 32, 1);
                }
                wrk.run("warm-up", json, 1, 1);
                wrk.run("warm-up", binary, 1, 1);
            }, log), JitWarmup.run("Micronaut's-route server", micronautRoute.pid(), secs -> {
                wrk.run("warm-up", jsonMicronaut, 32, 1);
                wrk.run("warm-up", jsonMicronaut, 1, 1);
            }, log));
            grpc.inferDemo(32, Duration.ZERO, Duration.ofSeconds(3));
            grpc.inferDemo(1, Duration.ZERO, Duration.ofSeconds(3));

            double restServerP50 = Double.NaN;
            double grpcServerP50 = Double.NaN;
            double computeMean = Double.NaN;
            for (int c : CONCURRENCY) {
                if (c == 1 || c == ROUND_CONCURRENCY) {
                    add(point(wrk, RAW, floor, c, -1));
                }
                add(point(wrk, LIVE, live, c, server.pid()));
                String before = server.get("/prometheus");
                add(point(wrk, JSON, json, c, server.pid()));
                String after = server.get("/prometheus");
                if (c == ROUND_CONCURRENCY) {
                    add(point(wrk, JSON_MICRONAUT, jsonMicronaut, c, micronautRoute.pid()));
                }
                if (c == 1) {
                    restServerP50 = requests(after, "rest").minus(requests(before, "rest")).quantileMicros(0.5);
                    computeMean = ServerHistogram.parse(after, "inference_compute_seconds", List.of("model=\"weather\""))
                            .minus(ServerHistogram.parse(before, "inference_compute_seconds",
                                    List.of("model=\"weather\""))).meanMicros();
                }
                add(point(wrk, BINARY, binary, c, server.pid()));
                add(grpc.serverLive(c, warmup, measure));
                before = server.get("/prometheus");
                add(grpc.inferDemo(c, warmup, measure));
                after = server.get("/prometheus");
                if (h2 && c == ROUND_CONCURRENCY) {
                    add(h2(h2load, server, H2_LIVE, LIVE_METHOD, new byte[0], c));
                    add(h2(h2load, server, H2_INFER, INFER_METHOD, inferMessage, c));
                }
                if (c == 1) {
                    grpcServerP50 = requests(after, "grpc").minus(requests(before, "grpc")).quantileMicros(0.5);
                }
            }
            add(point(wrk, MLP_ON, mlpOn, MLP_CONCURRENCY, server.pid()));
            add(point(wrk, MLP_OFF, mlpOff, MLP_CONCURRENCY, server.pid()));
            // Rounds 2..ROUNDS at c=32: the first round ran above, forward; even rounds run backward.
            int c = ROUND_CONCURRENCY;
            List<Step> demoSteps = new ArrayList<>(List.of(() -> point(wrk, RAW, floor, c, -1),
                    () -> point(wrk, LIVE, live, c, server.pid()), () -> point(wrk, JSON, json, c, server.pid()),
                    () -> point(wrk, JSON_MICRONAUT, jsonMicronaut, c, micronautRoute.pid()),
                    () -> point(wrk, BINARY, binary, c, server.pid()), () -> grpc.serverLive(c, warmup, measure),
                    () -> grpc.inferDemo(c, warmup, measure)));
            if (h2) {
                demoSteps.add(() -> h2(h2load, server, H2_LIVE, LIVE_METHOD, new byte[0], c));
                demoSteps.add(() -> h2(h2load, server, H2_INFER, INFER_METHOD, inferMessage, c));
            }
            List<Step> mlpSteps = List.of(() -> point(wrk, MLP_ON, mlpOn, MLP_CONCURRENCY, server.pid()),
                    () -> point(wrk, MLP_OFF, mlpOff, MLP_CONCURRENCY, server.pid()));
            for (int round = 2; round <= ROUNDS; round++) {
                log.println("round " + round + " of " + ROUNDS + " at c=" + c);
                for (List<Step> steps : List.of(demoSteps, mlpSteps)) {
                    List<Step> order = new ArrayList<>(steps);
                    if (round % 2 == 0) {
                        Collections.reverse(order);
                    }
                    for (Step step : order) {
                        add(step.run());
                    }
                }
            }

            String profile = "(profiling skipped)";
            String areas = "";
            if (options.profile()) {
                JfrProfile.Summary summary = profile(server, wrk, json);
                profile = summary.markdown();
                areas = summary.topAreas();
            }
            return new LoadReport(List.copyOf(points), workers, restServerP50, grpcServerP50, computeMean, profile,
                    areas, "java " + String.join(" ", jvm) + " -jar " + options.servingJar(), null, null, null,
                    warmups, List.copyOf(serverCpu));
        }
    }

    /** One load point, run when its turn in a round comes. */
    private interface Step {
        LoadResult run() throws Exception;
    }

    private void add(LoadResult r) {
        points.add(r);
        print(log, r);
    }

    static void print(PrintStream log, LoadResult r) {
        log.printf("  %-46s c=%-4d %10.0f req/s  p50 %8.0f us  p99 %8.0f us  errors %d%s%n", r.label(),
                r.concurrency(), r.throughput(), r.p50Micros(), r.p99Micros(), r.errors(),
                r.valid() ? "" : "  INVALID");
    }

    /**
     * One wrk point: warm-up, then the measured run, with the server's CPU by area over the measured run
     * kept for {@code serverPid} (-1: not a server process of this run).
     */
    private LoadResult point(Wrk wrk, String label, Wrk.Target target, int c, long serverPid) throws Exception {
        if (options.warmupSeconds() > 0) {
            wrk.run(label, target, c, options.warmupSeconds());
        }
        return withCpu(serverPid, () -> wrk.run(label, target, c, options.seconds()));
    }

    private LoadResult withCpu(long serverPid, Step measured) throws Exception {
        Map<String, Long> before = serverPid < 0 ? Map.of() : ThreadCpu.byArea(serverPid);
        LoadResult r = measured.run();
        if (!before.isEmpty()) {
            Map<String, Long> after = ThreadCpu.byArea(serverPid);
            serverCpu.add(new ServerCpu(r.label(), r.concurrency(), r.requests(), ThreadCpu.spent(before, after),
                    r.valid() && !after.isEmpty()));
        }
        return r;
    }

    /** One h2load point on one connection with {@code c} streams: warm-up, then the measured run. */
    private LoadResult h2(H2load h2load, ServerProcess server, String label, String method, byte[] message, int c)
            throws Exception {
        if (options.warmupSeconds() > 0) {
            h2load.run(label, server.grpcPort(), method, message, c, options.warmupSeconds());
        }
        return withCpu(server.pid(), () -> h2load.run(label, server.grpcPort(), method, message, c, options.seconds()));
    }

    private JfrProfile.Summary profile(ServerProcess server, Wrk wrk, Wrk.Target json) throws Exception {
        Path file = options.workDir().resolve("rest-json-c32.jfr");
        JfrProfile.start(server.pid(), file);
        // Starting a recording stalls the server briefly: let it settle before measuring.
        wrk.run(JSON + " (under JFR, warm-up)", json, 32, Math.max(2, options.warmupSeconds()));
        LoadResult r = wrk.run(JSON + " (under JFR)", json, 32, options.seconds());
        JfrProfile.stop(server.pid());
        log.printf("  profiled: %.0f req/s under JFR%n", r.throughput());
        JfrProfile.Summary summary = JfrProfile.summarise(file, 15);
        return new JfrProfile.Summary(String.format("REST JSON infer (weather), c=32, %d s under JFR "
                + "(`settings=profile`): %.0f req/s. Recording: `%s`.%n%n", options.seconds(), r.throughput(), file)
                + summary.markdown(), summary.selfByArea());
    }

    private static ServerHistogram requests(String scrape, String protocol) {
        return ServerHistogram.parse(scrape, "inference_requests_seconds",
                List.of("model=\"weather\"", "protocol=\"" + protocol + "\"", "outcome=\"ok\""));
    }

    /** Fails fast if the server does not answer the body with 200, rather than measuring errors. */
    static Wrk.Target checked(ServerProcess server, Wrk wrk, String path, byte[] body, List<String> headers)
            throws Exception {
        int status = server.post(path, body, headers);
        if (status != 200) {
            throw new IllegalStateException("POST " + path + " answered " + status + "; the bench body is wrong");
        }
        return wrk.post(server.url(path), body, headers);
    }

    /** The README's example: one row of the demo model's four features. */
    static byte[] jsonBody() {
        float[] v = BenchModels.rows(BenchModels.DEMO, 1, 7);
        return ("{\"id\":\"bench\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
                + "\"data\":[" + v[0] + "," + v[1] + "," + v[2] + "," + v[3] + "]}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private record Binary(byte[] body, List<String> headers) {
    }

    /** One row as the binary extension: JSON header, raw little-endian floats; binary output asked. */
    private static Binary binaryBody(String model) {
        float[] v = BenchModels.rows(model, 1, 7);
        byte[] header = ("{\"inputs\":[{\"name\":\"" + BenchModels.inputName(model) + "\",\"shape\":[1,"
                + v.length + "],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":" + v.length * 4
                + "}}],\"parameters\":{\"binary_data_output\":true}}").getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(header.length + v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        body.put(header);
        for (float f : v) {
            body.putFloat(f);
        }
        return new Binary(body.array(), List.of("Content-Type: application/octet-stream",
                "Inference-Header-Content-Length: " + header.length));
    }
}
