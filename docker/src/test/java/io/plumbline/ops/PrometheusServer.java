package io.plumbline.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.testing.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A real Prometheus server (Debian's {@code prometheus}) as a child process on a free loopback port,
 * scraping the given targets every second and evaluating the given rule file every second, with its
 * TSDB in a directory of its own; and a small client for its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ChildProcess process;
    private final int port;

    private PrometheusServer(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Writes {@code prometheus.yml} into {@code dir} and starts the server.
     *
     * @param jobs job name to {@code host:port} of a target whose metrics are at {@code /prometheus}
     */
    static PrometheusServer start(Path executable, Path dir, int port, Map<String, String> jobs, Path rules) {
        return start(executable, dir, port, jobs, rules, List.of());
    }

    /** As above, with more command-line flags (e.g. {@code --enable-feature=exemplar-storage}). */
    static PrometheusServer start(Path executable, Path dir, int port, Map<String, String> jobs, Path rules,
            List<String> flags) {
        StringBuilder config = new StringBuilder()
                .append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n")
                .append("rule_files:\n  - ").append(json(rules.toString())).append('\n')
                .append("scrape_configs:\n");
        jobs.forEach((job, target) -> config.append("  - job_name: ").append(json(job)).append('\n')
                .append("    metrics_path: /prometheus\n")
                .append("    static_configs:\n      - targets: [").append(json(target)).append("]\n"));
        Path file = dir.resolve("prometheus.yml");
        try {
            Files.writeString(file, config, StandardCharsets.UTF_8);
            Files.createDirectories(dir.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--config.file=" + file, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"));
        command.addAll(flags);
        ChildProcess p = ChildProcess.start("prometheus", command, Map.of(), dir, dir.resolve("prometheus.log"));
        return new PrometheusServer(p, port);
    }

    ChildProcess process() {
        return process;
    }

    /** True once {@code /-/ready} answers 200. */
    boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri("/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An instant query: the whole API answer ({@code status}, {@code data} or {@code error}), whatever its status. */
    JsonNode query(String expr) {
        return get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    }

    /**
     * {@code /api/v1/query_exemplars} over the last hour: the whole API answer. Needs the server started
     * with {@code --enable-feature=exemplar-storage}.
     */
    JsonNode exemplars(String expr) {
        long now = System.currentTimeMillis() / 1000;
        return get("/api/v1/query_exemplars?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
                + "&start=" + (now - 3600) + "&end=" + (now + 60));
    }

    /** Every metric name Prometheus holds (from every target). */
    Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        data("/api/v1/label/__name__/values").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** The {@code alerts} of {@code /api/v1/alerts}. */
    List<JsonNode> alerts() {
        List<JsonNode> out = new ArrayList<>();
        data("/api/v1/alerts").path("alerts").forEach(out::add);
        return out;
    }

    /** Every rule of every group of {@code /api/v1/rules}. */
    List<JsonNode> rules() {
        List<JsonNode> out = new ArrayList<>();
        data("/api/v1/rules").path("groups").forEach(g -> g.path("rules").forEach(out::add));
        return out;
    }

    /** The active targets of {@code /api/v1/targets}. */
    List<JsonNode> targets() {
        List<JsonNode> out = new ArrayList<>();
        data("/api/v1/targets").path("activeTargets").forEach(out::add);
        return out;
    }

    private JsonNode data(String path) {
        JsonNode answer = get(path);
        if (!"success".equals(answer.path("status").asText())) {
            throw new IllegalStateException("GET " + path + " answered " + answer);
        }
        return answer.path("data");
    }

    private JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(pathAndQuery))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return Repo.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri(pathAndQuery) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private static String json(String s) {
        try {
            return Repo.JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
