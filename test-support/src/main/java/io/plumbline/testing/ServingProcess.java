package io.plumbline.testing;

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
import java.util.Map;

/**
 * The packaged serving jar as a child process ({@code java -jar}, as in production), on free loopback
 * ports that stay the same across {@link #restart()}, its output appended to {@code serving.log} in
 * its directory. Signals go through {@link #process()}: the tests that use it inject real faults.
 */
public final class ServingProcess implements AutoCloseable {
    /** Time for the JVM to start and the repository to load on a busy 2-core machine. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path jar;
    private final Map<String, String> env;
    private final Path dir;
    private final int httpPort;
    private final int grpcPort;
    private volatile ChildProcess process;

    private ServingProcess(Path jar, Map<String, String> env, Path dir, int httpPort, int grpcPort) {
        this.jar = jar;
        this.env = env;
        this.dir = dir;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
    }

    /**
     * Starts serving and waits until {@code /v2/health/ready} answers 200.
     *
     * @param registryUri {@code plumbline.registry.uri}, e.g. {@code file:/tmp/repo} or {@code s3://bucket}
     * @param env more configuration as environment variables ({@code PLUMBLINE_...})
     * @param dir working directory and home of {@code serving.log}
     */
    public static ServingProcess start(Path jar, String registryUri, Map<String, String> env, Path dir) {
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: run after the package phase (./mvnw verify)");
        }
        int[] ports = FreePorts.loopback(2);
        Map<String, String> all = new HashMap<>(env);
        all.put("PLUMBLINE_REGISTRY_URI", registryUri);
        all.put("MICRONAUT_SERVER_PORT", Integer.toString(ports[0]));
        all.put("GRPC_SERVER_PORT", Integer.toString(ports[1]));
        ServingProcess serving = new ServingProcess(jar, Map.copyOf(all), dir, ports[0], ports[1]);
        serving.launch();
        return serving;
    }

    /** Starts it again on the same ports and configuration (after it exited or was killed), waiting until ready. */
    public void restart() {
        if (process.alive()) {
            throw new IllegalStateException(process + " is still running");
        }
        launch();
    }

    private void launch() {
        process = ChildProcess.start("serving", ChildProcess.java("-Xmx512m", "-XX:+ExitOnOutOfMemoryError",
                "-Dai.djl.offline=true", "-jar", jar.toString()), env, dir, dir.resolve("serving.log"));
        awaitReady(START_TIMEOUT);
    }

    /** Waits until readiness answers 200; fails at once, with the log, if the process exits first. */
    public void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ChildProcess p = process;
        Await.until(() -> {
            if (!p.alive()) {
                throw new AssertionError("serving exited before it was ready\n" + p.tail(40));
            }
            try {
                return http.send(HttpRequest.newBuilder(uri("/v2/health/ready")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, timeout, () -> "serving ready on " + uri("/v2/health/ready") + "\n" + p.tail(40));
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    public int httpPort() {
        return httpPort;
    }

    public int grpcPort() {
        return grpcPort;
    }

    /** The current process, for signals (SIGKILL, SIGTERM, SIGSTOP) and its exit code. */
    public ChildProcess process() {
        return process;
    }

    /** Sends SIGTERM and returns at once; {@link #awaitExit} waits for the end. */
    public void sigterm() {
        process.sigtermNoWait();
    }

    /** The exit code; -1 when it had not exited within {@code timeout} (it is killed then). */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.await(timeout);
    }

    public boolean alive() {
        return process.alive();
    }

    /** Everything it wrote so far, over all its starts. */
    public String log() {
        try {
            return Files.readString(dir.resolve("serving.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        ChildProcess p = process;
        if (p != null && p.alive()) {
            p.sigkill();
        }
        if (p != null) {
            p.close();
        }
    }
}
