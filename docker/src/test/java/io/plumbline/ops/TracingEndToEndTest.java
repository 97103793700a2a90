package io.plumbline.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.testing.Await;
import io.plumbline.testing.Directories;
import io.plumbline.testing.FreePorts;
import io.plumbline.testing.MarkdownCommands;
import io.plumbline.testing.ServingProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * serving/TRACING.md's example, run as written against real parts: the packaged serving jar started
 * with the documented {@code OTEL_*} variables (the endpoint pointed at an OTLP/HTTP receiver run
 * here), the documented {@code curl} with a {@code traceparent}, then (1) a protobuf export arrives on
 * {@code /v1/traces} holding that trace id (its 16 bytes, as OTLP encodes it), and (2) a real
 * Prometheus started with {@code --enable-feature=exemplar-storage}, scraping serving, returns the
 * trace id from {@code /api/v1/query_exemplars} for {@code inference_requests_seconds_bucket}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TracingEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DOCUMENTED_ENDPOINT = "http://localhost:4318";
    private static final String DOCUMENTED_SERVER = "http://localhost:8080";

    @Test
    void documentedTracing_exportsTheTraceOverOtlp_andPrometheusStoresItsExemplar() throws Exception {
        Path prometheusExe = OpsTool.PROMETHEUS.require();
        Path jar = Repo.path("serving/target/plumbline-serving.jar");
        Path doc = Repo.path("serving/TRACING.md");
        MarkdownCommands.Block start = MarkdownCommands.after(doc, "Send spans to a collector", "sh");
        MarkdownCommands.Block curl = MarkdownCommands.after(doc, "Then call it with a W3C trace context", "sh");
        String traceId = curl.body().replaceAll("(?s).*traceparent: 00-([0-9a-f]{32})-.*", "$1");
        assertEquals(32, traceId.length(), "the documented traceparent: " + curl.body());

        Path dir = Files.createTempDirectory("plumbline-tracing-e2e");
        try (OtlpReceiver receiver = new OtlpReceiver();
                ServingProcess serving = ServingProcess.start(jar, "file:" + Repo.path("models"),
                        documentedEnvironment(start, receiver.endpoint()), dir)) {
            Files.createDirectories(dir.resolve("prometheus"));
            Path rules = Files.writeString(dir.resolve("no-rules.yml"), "groups: []\n");
            try (PrometheusServer prometheus = PrometheusServer.start(prometheusExe, dir.resolve("prometheus"),
                    FreePorts.loopback(), Map.of("plumbline-serving", "127.0.0.1:" + serving.httpPort()), rules,
                    List.of("--enable-feature=exemplar-storage"))) {
                Await.until(prometheus::ready, WAIT, () -> "Prometheus ready");

                Process p = new ProcessBuilder("bash", "-euo", "pipefail", "-c",
                        curl.substituted(Map.of(DOCUMENTED_SERVER, serving.uri("").toString())))
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.waitFor(), out);
                assertTrue(out.contains("\"model_name\":\"weather\""), out);

                byte[] traceBytes = HexFormat.of().parseHex(traceId);
                Await.until(() -> receiver.exports().stream().anyMatch(e -> contains(e.body(), traceBytes)), WAIT,
                        () -> "no OTLP export with trace " + traceId + " among " + receiver.exports().size()
                                + " exports\n" + serving.log());
                receiver.exports().forEach(e -> assertEquals("application/x-protobuf", e.contentType()));

                Await.until(() -> exemplarTraceIds(prometheus).contains(traceId), WAIT,
                        () -> "no exemplar with trace_id " + traceId + ": "
                                + prometheus.exemplars("inference_requests_seconds_bucket"));
            }
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    /** The documented {@code VAR=value \} lines, the endpoint pointed at the receiver; the last line runs the jar. */
    private static Map<String, String> documentedEnvironment(MarkdownCommands.Block block, String endpoint) {
        List<String> lines = block.body().lines().map(String::strip).toList();
        assertEquals("java -jar serving/target/plumbline-serving.jar", lines.get(lines.size() - 1));
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : lines.subList(0, lines.size() - 1)) {
            String assignment = line.endsWith("\\") ? line.substring(0, line.length() - 1).strip() : line;
            int eq = assignment.indexOf('=');
            assertTrue(eq > 0 && assignment.startsWith("OTEL_"), "not an OTEL_ assignment: " + line);
            env.put(assignment.substring(0, eq), assignment.substring(eq + 1).replace(DOCUMENTED_ENDPOINT, endpoint));
        }
        assertEquals(endpoint, env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        return env;
    }

    private static List<String> exemplarTraceIds(PrometheusServer prometheus) {
        JsonNode answer = prometheus.exemplars("inference_requests_seconds_bucket");
        return answer.path("data").findValues("trace_id").stream().map(JsonNode::asText).toList();
    }

    /** Whether {@code needle} occurs in {@code haystack}: Latin-1 maps each byte to one char. */
    private static boolean contains(byte[] haystack, byte[] needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1)
                .contains(new String(needle, StandardCharsets.ISO_8859_1));
    }
}
