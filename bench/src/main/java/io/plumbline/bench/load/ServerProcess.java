package io.plumbline.bench.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code java -jar plumbline-serving.jar}) as a child process on free ports,
 * serving a given repository; its output goes to {@code server.log} beside the repository.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int httpPort;
    private final int grpcPort;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final long startNanos;
    private long readyNanos;

    private ServerProcess(Process process, long startNanos, int httpPort, int grpcPort, Path log) {
        this.process = process;
        this.startNanos = startNanos;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.log = log;
    }

    static ServerProcess start(Path jar, Path repository, Path workDir, List<String> jvmArgs)
            throws IOException, InterruptedException {
        return start(jar, repository, workDir, jvmArgs, null, "server.log");
    }

    /**
     * As {@link #start(Path, Path, Path, List)}, with the event sink (and tracing) configured by
     * {@code events} ({@code PLUMBLINE_EVENTS_*} and {@code OTEL_*} variables; any inherited from this
     * process are dropped first, so the sink and tracing are exactly the ones asked for) and the output
     * in {@code logName}.
     *
     * @param events null to leave the environment's event configuration as it is
     */
    static ServerProcess start(Path jar, Path repository, Path workDir, List<String> jvmArgs,
            Map<String, String> events, String logName) throws IOException, InterruptedException {
        return start(jar, repository, workDir, jvmArgs, events, Map.of(), logName);
    }

    /**
     * As {@link #start(Path, Path, Path, List)} with {@code settings} (environment variables such as
     * {@code PLUMBLINE_HTTP_DIRECT_INFER}) added, the event configuration left as it is: the server differs
     * from the main one in those settings only.
     */
    static ServerProcess startWith(Path jar, Path repository, Path workDir, List<String> jvmArgs,
            Map<String, String> settings, String logName) throws IOException, InterruptedException {
        return start(jar, repository, workDir, jvmArgs, null, settings, logName);
    }

    private static ServerProcess start(Path jar, Path repository, Path workDir, List<String> jvmArgs,
            Map<String, String> events, Map<String, String> settings, String logName)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no server jar at " + jar + ": build it first (./mvnw -q -DskipTests package)");
        }
        int httpPort = freePort();
        int grpcPort = freePort();
        Path log = workDir.resolve(logName);
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(workDir.toFile());
        Map<String, String> env = pb.environment();
        env.put("PLUMBLINE_REGISTRY_URI", "file:" + repository);
        env.put("MICRONAUT_SERVER_PORT", String.valueOf(httpPort));
        env.put("GRPC_SERVER_PORT", String.valueOf(grpcPort));
        // Rounds stop the server with SIGTERM; nothing balances load here, so no grace period is needed.
        env.put("PLUMBLINE_SHUTDOWN_GRACE_PERIOD", "0s");
        if (events != null) {
            env.keySet().removeIf(k -> k.startsWith("PLUMBLINE_EVENTS_") || k.startsWith("OTEL_"));
            env.putAll(events);
        }
        env.putAll(settings);
        long startNanos = System.nanoTime();
        ServerProcess server = new ServerProcess(pb.start(), startNanos, httpPort, grpcPort, log);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.awaitReady(Duration.ofSeconds(90));
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (status("/v2/health/ready") == 200) {
                    readyNanos = System.nanoTime();
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            // Short, so that the start-up stage's time to ready is not rounded up by much.
            Thread.sleep(20);
        }
        throw new IOException("server not ready after " + timeout + "; see " + log);
    }

    int status(String path) throws IOException, InterruptedException {
        return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(path), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** POSTs and returns the status, to check a body before loading the server with it. */
    int post(String path, byte[] body, List<String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String h : headers) {
            int colon = h.indexOf(':');
            b.header(h.substring(0, colon), h.substring(colon + 1).trim());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).GET().build();
    }

    String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    int grpcPort() {
        return grpcPort;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    /** From just before the process was started to the first {@code /v2/health/ready} answering 200. */
    double readyMillis() {
        return (readyNanos - startNanos) / 1e6;
    }

    /** The process's resident set now ({@code VmRSS} of {@code /proc/PID/status}), in KiB. */
    long rssKib() throws IOException {
        return VmRss.parse(Files.readString(Path.of("/proc", String.valueOf(process.pid()), "status")));
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
