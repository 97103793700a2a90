package io.plumbline.serving.lifecycle;

import io.plumbline.testing.Await;
import io.plumbline.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged serving jar as a child process ({@code java -jar}, as in production: a long class path
 * can crash ONNX Runtime), on free ports, output to a log file. {@link #close()} kills it if it is
 * still running, and a JVM shutdown hook does the same should the test JVM exit first.
 *
 * <p>A minimal copy of what docker's {@code ChildProcess} does; to be folded onto the shared one
 * in test-support.
 */
final class ServingChild implements AutoCloseable {
    static final Path JAR = Path.of("target", "plumbline-serving.jar").toAbsolutePath();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    final int httpPort;
    final int grpcPort;
    private final Process process;
    private final Path log;
    private final Thread killer;

    private ServingChild(Process process, Path log, int httpPort, int grpcPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.killer = new Thread(process::destroyForcibly, "serving-child-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** Starts serving on {@code repository} with extra environment (configuration keys) and waits until ready. */
    static ServingChild start(Path repository, Map<String, String> env, Path dir) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError(JAR + " is missing: these tests run after the package phase "
                    + "(./mvnw -pl serving verify, or package first)");
        }
        int[] ports = FreePorts.loopback(2);
        Map<String, String> all = new HashMap<>(env);
        all.put("PLUMBLINE_REGISTRY_URI", "file:" + repository);
        all.put("MICRONAUT_SERVER_PORT", Integer.toString(ports[0]));
        all.put("GRPC_SERVER_PORT", Integer.toString(ports[1]));
        Path log = dir.resolve("serving.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true", "-jar", JAR.toString()))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(all);
        ServingChild child = new ServingChild(pb.start(), log, ports[0], ports[1]);
        child.awaitReady();
        return child;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Await.until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("serving exited with " + process.exitValue() + " before it was ready\n"
                        + log());
            }
            try {
                return http.send(HttpRequest.newBuilder(uri("/v2/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, START_TIMEOUT, () -> "serving ready on " + uri("/v2/health/ready") + "\n" + log());
    }

    /** Sends SIGTERM ({@link Process#destroy()} does, on Linux). */
    void sigterm() {
        process.destroy();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The exit code, waiting at most {@code timeout}; fails if it has not exited by then. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("serving did not exit within " + timeout + "\n" + log());
        }
        return process.exitValue();
    }

    /** Everything it wrote so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook kills it.
        }
    }
}
