package io.plumbline.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker (single node, KRaft: broker and controller in one process) running as a
 * child JVM on free loopback ports, with its data in a temporary directory.
 *
 * <p>The broker's jars are the ones Maven resolved for this module ({@code kafka_2.13} and a log4j
 * binding, {@code provided} scope, so they never reach the test classpath of modules that use this
 * fixture); their paths are read from the {@code kafka-broker.classpath} resource written at build
 * time. The broker runs with {@code -Xmx512m}; its output (warnings only, see {@code log4j2.properties}
 * in the data directory) goes to {@code broker.log} beside its data, and is quoted when it fails to start.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.launch()) {
 *     String bootstrap = kafka.bootstrapServers();   // 127.0.0.1:<port>
 *     kafka.stop();                                  // killed; data and ports kept
 *     kafka.start();                                 // same ports, same data
 * }                                                  // stopped, data deleted
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {
    private static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    // If the test JVM exits without close(), the broker must not outlive it nor leave its data behind.
    private final Thread shutdownHook = new Thread(this::abandon, "kafka-broker-shutdown");
    private volatile Process process;
    private boolean closed;

    private KafkaBroker(Path directory, int port, int controllerPort, String classpath) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
    }

    /** Formats a fresh log directory and starts a broker on it; returns once it answers requests. */
    public static KafkaBroker launch() {
        return launch(Map.of());
    }

    /**
     * As {@link #launch()}, with extra or overriding {@code server.properties} entries (for example
     * {@code auto.create.topics.enable=false}).
     */
    public static KafkaBroker launch(Map<String, String> overrides) {
        return launch(0, overrides);
    }

    /**
     * As {@link #launch(Map)}, with clients on {@code port} of 127.0.0.1 (0: a free one), for a broker people
     * point tools at ({@link LocalKafka}); the controller port is always a free one.
     */
    public static KafkaBroker launch(int port, Map<String, String> overrides) {
        String classpath = brokerClasspath();
        int[] ports = FreePorts.loopback(2);
        if (port != 0) {
            ports[0] = port;
            while (ports[1] == port) {
                ports[1] = FreePorts.loopback();
            }
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("plumbline-kafka");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the Kafka broker", e);
        }
        KafkaBroker broker = new KafkaBroker(dir, ports[0], ports[1], classpath);
        Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
        try {
            broker.writeConfig(overrides);
            broker.format();
            broker.start();
            return broker;
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
    }

    /** {@code 127.0.0.1:<port>}: what clients put in {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's client port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The directory holding the broker's data, configuration and {@code broker.log}. */
    public Path directory() {
        return directory;
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the broker (again) on the same ports and data, and waits until it answers requests.
     * Does nothing when it is already running.
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("broker is closed");
        }
        if (running()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + directory.resolve("log4j2.properties").toUri(),
                "-cp", classpath, "kafka.Kafka", serverProperties().toString()));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker JVM", e);
        }
        awaitAnswering();
    }

    /**
     * Kills the broker process, as a crash would, keeping its data and ports for {@link #start()}.
     * Returns once the process has exited.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        kill();
        process = null;
    }

    /** Stops the broker and deletes its data. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        deleteRecursively(directory);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook is running or has run.
        }
    }

    private void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("Kafka broker pid " + p.pid() + " did not exit after being killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The JVM is exiting without {@link #close()}: nobody will restart the broker, so its data goes too. */
    private void abandon() {
        kill();
        try {
            deleteRecursively(directory);
        } catch (UncheckedIOException e) {
            // Best effort while the JVM exits.
        }
    }

    private void awaitAnswering() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!BrokerProbe.answers(port)) {
            if (!process.isAlive()) {
                int code = process.exitValue();
                stop();
                throw new IllegalStateException("Kafka broker exited with code " + code + " during start-up:\n"
                        + logTail());
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("Kafka broker did not answer on " + bootstrapServers() + " within "
                        + START_TIMEOUT.toSeconds() + " s:\n" + logTail());
            }
            pause(Duration.ofMillis(50));
        }
    }

    /** Writes the storage metadata (cluster id, node id) that a KRaft node needs before its first start. */
    private void format() {
        List<String> command = List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + directory.resolve("log4j2.properties").toUri(),
                "-cp", classpath, "kafka.tools.StorageTool", "format", "-t", clusterId(),
                "-c", serverProperties().toString());
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
            if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Kafka storage format did not finish:\n" + logTail());
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Kafka storage format failed with code " + p.exitValue() + ":\n"
                        + logTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the Kafka storage tool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    private void writeConfig(Map<String, String> overrides) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        props.put("log.dirs", directory.resolve("data").toString());
        props.put("num.partitions", "1");
        // One node: every internal topic has one replica, and few partitions keep start-up quick.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // After a kill the restarted controller waits out the dead incarnation's session before it
        // unfences the broker: 9 s by default, 5 s here. Not shorter: on a loaded 2-core machine a
        // heartbeat can be late by seconds, and a fenced broker leaves producers hanging.
        props.put("broker.session.timeout.ms", "5000");
        props.put("broker.heartbeat.interval.ms", "500");
        // Tests stamp records with fixed dates (2026-01-01T00:00:00Z and after): older than the default
        // 7-day retention, so the broker's first retention check (30 s after start) deleted them under a
        // slow test's consumers. Keep everything.
        props.put("log.retention.ms", "-1");
        props.put("num.network.threads", "1");
        props.put("num.io.threads", "2");
        props.putAll(overrides);
        StringBuilder text = new StringBuilder();
        props.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Files.writeString(serverProperties(), text);
            Files.writeString(directory.resolve("log4j2.properties"), String.join("\n",
                    "status = error",
                    "appender.out.type = Console",
                    "appender.out.name = OUT",
                    "appender.out.layout.type = PatternLayout",
                    "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                    "rootLogger.level = WARN",
                    "rootLogger.appenderRef.out.ref = OUT",
                    // One INFO line per start, so the log shows when the broker was up.
                    "logger.server.name = kafka.server.KafkaRaftServer",
                    "logger.server.level = INFO",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka broker configuration", e);
        }
    }

    private Path serverProperties() {
        return directory.resolve("server.properties");
    }

    private Path log() {
        return directory.resolve("broker.log");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no broker log: " + e.getMessage() + ")";
        }
    }

    /** A random cluster id as Kafka writes them: 16 bytes, URL-safe base64 without padding, not starting with '-'. */
    private static String clusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private static String brokerClasspath() {
        String text;
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + CLASSPATH_RESOURCE + " is missing: build the "
                        + "plumbline-test-support module with Maven (it resolves the broker's jars)");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CLASSPATH_RESOURCE, e);
        }
        for (String entry : text.split(java.io.File.pathSeparator)) {
            if (!Files.isRegularFile(Path.of(entry))) {
                throw new IllegalStateException("Kafka broker jar " + entry + " is missing: rebuild "
                        + "plumbline-test-support so Maven resolves it again");
            }
        }
        return text;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    private static void deleteRecursively(Path root) {
        try {
            Directories.deleteRecursively(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete Kafka broker data in " + root, e);
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + directory + "]";
    }
}
