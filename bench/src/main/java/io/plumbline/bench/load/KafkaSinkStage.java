package io.plumbline.bench.load;

import io.plumbline.testing.KafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 4's cost of prediction events: a real Kafka broker ({@link KafkaBroker}, KRaft, one node, a
 * child JVM) and two servers from the same jar and repository, running side by side: one with
 * {@code PLUMBLINE_EVENTS_SINK=none}, one with {@code PLUMBLINE_EVENTS_KAFKA_BOOTSTRAP_SERVERS} set.
 * REST JSON infer on the demo model at {@link LoadHarness#KAFKA_CONCURRENCY} is driven against each in
 * {@link LoadHarness#KAFKA_ROUNDS} interleaved rounds (none, kafka; kafka, none; ...), the same
 * duration each, and the medians are compared. The idle server and the broker stay up throughout, so
 * both sides run under the same conditions.
 *
 * <p>Before measuring, the Kafka server is sent predictions until {@code prediction_events_total
 * {outcome="sent"}} grows (events offered while the sink creates its topics are dropped by design),
 * then each server in turn (the broker with the Kafka ones) is warmed up until its JIT compiler is
 * quiet ({@link JitWarmup}). Around each measured Kafka run the stage waits until every
 * answered prediction's event has an outcome, so the sent, dropped and failed counts belong to the
 * measured runs: a sink that dropped events would look fast, and its losses are reported beside the
 * ratio. The server's and the broker's CPU time are recorded around each measured run: on this machine
 * the broker shares the cores with the server and the load generator.
 */
final class KafkaSinkStage {
    private static final String NONE = KafkaReport.NONE;
    private static final String KAFKA = KafkaReport.KAFKA;
    static final String JSON_TOPIC = "plumbline.predictions.json";
    static final String BINARY_TOPIC = "plumbline.predictions.binary";
    static final String KAFKA_READY_LOG = "Prediction events go to Kafka topic";

    private static final String INFER = "/v2/models/weather/infer";
    private static final Duration SINK_READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern KAFKA_JAR = Pattern.compile("kafka_[0-9.]+-([0-9][^/\\\\]*?)\\.jar");

    private final StageSetup s;

    KafkaSinkStage(StageSetup s) {
        this.s = s;
    }

    KafkaReport run() throws Exception {
        long stageStart = System.nanoTime();
        int c = LoadHarness.KAFKA_CONCURRENCY;
        s.log().println("starting a Kafka broker (KRaft, one node) ...");
        try (KafkaBroker broker = KafkaBroker.launch()) {
            s.log().printf("  broker at %s after %.1f s%n", broker.bootstrapServers(), since(stageStart));
            long brokerPid = brokerPid();
            Map<String, String> noneEnv = Map.of("PLUMBLINE_EVENTS_SINK", "none");
            // One topic per event format, so each server's events are counted on the topic itself.
            Map<String, String> kafkaEnv = Map.of("PLUMBLINE_EVENTS_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "PLUMBLINE_EVENTS_FORMAT", "json", "PLUMBLINE_EVENTS_KAFKA_TOPIC", JSON_TOPIC);
            Map<String, String> binaryEnv = Map.of("PLUMBLINE_EVENTS_KAFKA_BOOTSTRAP_SERVERS",
                    broker.bootstrapServers(), "PLUMBLINE_EVENTS_FORMAT", "binary",
                    "PLUMBLINE_EVENTS_KAFKA_TOPIC", BINARY_TOPIC);
            try (ServerProcess none = ServerProcess.start(s.jar(), s.repository(), s.workDir(), s.jvm(), noneEnv, "server-sink-none.log");
                    ServerProcess kafka = ServerProcess.start(s.jar(), s.repository(), s.workDir(), s.jvm(), kafkaEnv,
                            "server-sink-kafka.log");
                    ServerProcess binary = ServerProcess.start(s.jar(), s.repository(), s.workDir(), s.jvm(), binaryEnv,
                            "server-sink-kafka-binary.log")) {
                byte[] body = LoadHarness.jsonBody();
                Wrk.Target noneTarget = LoadHarness.checked(none, s.wrk(), INFER, body, LoadHarness.JSON_HEADERS);
                long readyStart = System.nanoTime();
                Wrk.Target kafkaTarget = LoadHarness.checked(kafka, s.wrk(), INFER, body, LoadHarness.JSON_HEADERS);
                Wrk.Target binaryTarget = LoadHarness.checked(binary, s.wrk(), INFER, body, LoadHarness.JSON_HEADERS);
                EventCounts ready = awaitSinkReady(kafka, body);
                double readySeconds = since(readyStart);
                EventCounts binaryReady = awaitSinkReady(binary, body);
                s.log().printf("  Kafka sinks ready %.1f s after the first prediction (first event acknowledged; %d "
                        + "dropped before, json and binary)%n", since(readyStart), ready.dropped()
                        + binaryReady.dropped());
                for (ServerProcess k : List.of(kafka, binary)) {
                    if (!Files.readString(k.log()).contains(KAFKA_READY_LOG)) {
                        throw new IllegalStateException("a Kafka server counts sent events but did not log \""
                                + KAFKA_READY_LOG + "\": is its sink really Kafka? See " + k.log());
                    }
                }
                // From here on every prediction a client saw answered must reach its topic.
                settle(kafka);
                settle(binary);
                TopicTally jsonTally = new TopicTally(JSON_TOPIC, broker.bootstrapServers());
                TopicTally binaryTally = new TopicTally(BINARY_TOPIC, broker.bootstrapServers());

                s.log().println("warming the servers and the broker up (JIT) ...");
                List<JitWarmup.Result> warmups = List.of(
                        JitWarmup.run("sink none", none.pid(), secs -> s.wrk().run("warm-up", noneTarget, c, secs),
                                s.log()),
                        JitWarmup.run("Kafka (json)", kafka.pid(),
                                secs -> jsonTally.answered(s.wrk().run("warm-up", kafkaTarget, c, secs)), s.log()),
                        JitWarmup.run("Kafka (binary)", binary.pid(),
                                secs -> binaryTally.answered(s.wrk().run("warm-up", binaryTarget, c, secs)), s.log()));

                List<KafkaRun> runs = new ArrayList<>();
                EventCounts measured = EventCounts.ZERO;
                List<String> order = List.of(NONE, KAFKA, KafkaReport.BINARY);
                for (int round = 0; round < LoadHarness.KAFKA_ROUNDS; round++) {
                    List<String> thisRound = new ArrayList<>(order);
                    if (round % 2 == 1) {
                        java.util.Collections.reverse(thisRound);
                    }
                    for (String side : thisRound) {
                        if (side.equals(NONE)) {
                            warmUp(NONE, noneTarget, c, null);
                            runs.add(measure(NONE, noneTarget, c, none, brokerPid));
                            continue;
                        }
                        boolean json = side.equals(KAFKA);
                        ServerProcess server = json ? kafka : binary;
                        Wrk.Target target = json ? kafkaTarget : binaryTarget;
                        TopicTally tally = json ? jsonTally : binaryTally;
                        warmUp(side, target, c, tally);
                        EventCounts before = settle(server);
                        KafkaRun run = measure(side, target, c, server, brokerPid);
                        tally.answered(run.result());
                        runs.add(run);
                        EventCounts delta = settle(server).minus(before);
                        s.log().printf("    events: %d predictions, sent %d, dropped %d, failed %d%n",
                                delta.predictions(), delta.sent(), delta.dropped(), delta.failed());
                        measured = measured.plus(delta);
                    }
                }
                EventCounts kafkaLife = settle(kafka).plus(settle(binary));
                EventCounts noneLife = EventCounts.parse(none.get("/prometheus"));
                if (noneLife.outcomes() != 0) {
                    throw new IllegalStateException("the server with sink none counted " + noneLife.outcomes()
                            + " events; see " + none.log());
                }
                List<TopicCount> topics = List.of(jsonTally.count("json"), binaryTally.count("binary"));
                topics.forEach(t -> s.log().printf("  topic %s: %,d predictions answered to the client since the sink "
                        + "was ready, %,d new records (read_committed); lost %,d%n", t.topic(), t.answered(),
                        t.records(), t.lost()));
                long unsettled = Math.max(0, measured.predictions() - measured.outcomes());
                String command = "java " + String.join(" ", s.jvm()) + " -jar " + s.jar();
                return new KafkaReport(runs, measured, unsettled, ready.dropped() + binaryReady.dropped(),
                        readySeconds, kafkaLife, noneLife, describe(broker), command, since(stageStart), topics,
                        warmups);
            }
        }
    }

    /** @param tally where the warm-up's answered predictions are counted, or null for the sink-none server */
    private void warmUp(String label, Wrk.Target target, int c, TopicTally tally) throws Exception {
        if (s.warmupSeconds() > 0) {
            LoadResult r = s.wrk().run(label, target, c, s.warmupSeconds());
            if (tally != null) {
                tally.answered(r);
            }
        }
    }

    /** One measured s.wrk() run, with the server's and the broker's CPU time meanwhile. */
    private KafkaRun measure(String label, Wrk.Target target, int c, ServerProcess server, long brokerPid)
            throws Exception {
        Duration serverCpu = cpu(server.pid());
        Duration brokerCpu = cpu(brokerPid);
        long start = System.nanoTime();
        LoadResult r = s.wrk().run(label, target, c, s.seconds());
        double wall = since(start);
        KafkaRun run = new KafkaRun(r, cores(cpu(server.pid()).minus(serverCpu), wall),
                brokerPid < 0 ? Double.NaN : cores(cpu(brokerPid).minus(brokerCpu), wall));
        LoadHarness.print(s.log(), r);
        s.log().printf("    CPU: server %.2f cores (%.0f us/request), broker %.2f cores%n", run.serverCores(),
                run.serverCpuMicrosPerRequest(), run.brokerCores());
        return run;
    }

    private static double cores(Duration cpu, double wallSeconds) {
        return cpu.toNanos() / 1e9 / wallSeconds;
    }

    private static Duration cpu(long pid) {
        return pid < 0 ? Duration.ZERO
                : ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    /**
     * The broker JVM among this process's descendants (main class {@code kafka.Kafka}); -1 if not found.
     * Reads {@code /proc/PID/cmdline} itself: {@code ProcessHandle.Info} keeps only its first page, and
     * the broker's class path is about that long.
     */
    private static long brokerPid() {
        return ProcessHandle.current().descendants().mapToLong(ProcessHandle::pid).filter(pid -> {
            try {
                String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"),
                        StandardCharsets.ISO_8859_1);
                return Arrays.asList(cmdline.split("\0")).contains("kafka.Kafka");
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }).findFirst().orElse(-1);
    }

    /**
     * Sends one prediction at a time until the sink acknowledges an event: until then its topics are
     * being created and their metadata fetched, and events are dropped by design.
     */
    private static EventCounts awaitSinkReady(ServerProcess server, byte[] body) throws Exception {
        long deadline = System.nanoTime() + SINK_READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            int status = server.post(INFER, body, LoadHarness.JSON_HEADERS);
            if (status != 200) {
                throw new IllegalStateException("POST " + INFER + " answered " + status + "; see " + server.log());
            }
            Thread.sleep(100);
            EventCounts e = EventCounts.parse(server.get("/prometheus"));
            if (e.sent() > 0) {
                return e;
            }
        }
        throw new IllegalStateException("no prediction event was acknowledged by Kafka within "
                + SINK_READY_TIMEOUT.toSeconds() + " s; see " + server.log());
    }

    /**
     * Waits (outside any measured window) until every answered prediction's event has an outcome: the
     * producer acknowledges a few milliseconds after the response. Gives up after a while; what is
     * still missing then is reported as unsettled.
     */
    private static EventCounts settle(ServerProcess server) throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        EventCounts e = EventCounts.parse(server.get("/prometheus"));
        while (e.outcomes() < e.predictions() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            e = EventCounts.parse(server.get("/prometheus"));
        }
        return e;
    }

    private static String describe(KafkaBroker broker) {
        String version = "";
        try (InputStream in = KafkaBroker.class.getResourceAsStream("kafka-broker.classpath")) {
            if (in != null) {
                String cp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                version = Arrays.stream(cp.split(java.io.File.pathSeparator)).map(KAFKA_JAR::matcher)
                        .filter(Matcher::find).map(m -> " " + m.group(1)).findFirst().orElse("");
            }
        } catch (IOException e) {
            // The version is only informative.
        }
        return "Apache Kafka" + version + " (KRaft, broker and controller in one node, a child JVM with -Xmx512m, "
                + "`io.plumbline.testing.KafkaBroker`) at " + broker.bootstrapServers();
    }

    private static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
