package io.plumbline.serving.onboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.testing.Await;
import io.plumbline.testing.ChildProcess;
import io.plumbline.testing.ServingProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar end to end on the second, two-input model: {@code java -jar plumbline-serving.jar models
 * add} creates the entry, the jar serves it (checksums verified), answers a request with both inputs as the
 * closed form says, and the embedded monitor attributes every profiled column of the traffic: a window
 * closes with every event valid and a verdict gauge for each of the five profiled features.
 */
class ModelsAddIT {
    private static final Path JAR = Path.of("target", "plumbline-serving.jar").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void addedTwoInputModel_loads_infers_andIsMonitored() throws Exception {
        Path repo = tmp.resolve("repo");
        ChildProcess add = ChildProcess.start("models-add", ChildProcess.java("-jar", JAR.toString(), "models", "add",
                "churn", "--model", ChurnModel.write(tmp.resolve("churn.onnx")).toString(),
                "--data", ChurnModel.data(tmp.resolve("churn.csv")).toString(), "--features", "usage=minutes,calls",
                "--features", "tenure=tenure", "--labels", "stay,churn", "--repo", repo.toString()),
                Map.of(), tmp, tmp.resolve("add.log"));
        assertEquals(0, add.await(Duration.ofSeconds(120)), () -> add.tail(40));
        String printed = Files.readString(tmp.resolve("add.log"));
        assertTrue(printed.contains("  PLUMBLINE_REGISTRY_URI=file:" + repo + " java -jar " + JAR), printed);

        try (ServingProcess serving = ServingProcess.start(JAR, "file:" + repo,
                Map.of("PLUMBLINE_MONITOR_WINDOW_SIZE", "2s", "PLUMBLINE_MONITOR_WINDOW_MIN_COUNT", "50"), tmp)) {
            Await.until(() -> get(serving, "/v2/models/churn/ready").statusCode() == 200, WAIT,
                    () -> "churn ready\n" + serving.log());
            assertTrue(serving.log().contains("Loaded churn/1 (onnxruntime, cpu, 2 file(s) checksum-verified)"),
                    serving.log());

            for (int from = 0; from < ChurnModel.ROWS; from += 50) {
                JsonNode answer = infer(serving, from, 50);
                JsonNode data = answer.path("outputs").get(0).path("data");
                for (int i = 0; i < 50; i++) {
                    double churn = ChurnModel.churn(from + i);
                    assertEquals(1 - churn, data.get(2 * i).asDouble(), 1e-5, answer.toString());
                    assertEquals(churn, data.get(2 * i + 1).asDouble(), 1e-5, answer.toString());
                }
            }
            Await.until(() -> metric(serving, "drift_window_events\\{model=\"churn\",version=\"1\"}") > 0, WAIT,
                    () -> "a closed window for churn\n" + get(serving, "/prometheus").body());
            String metrics = get(serving, "/prometheus").body();
            // The class probabilities are outputs: prediction drift, role="output".
            for (String feature : new String[] {"minutes", "calls", "tenure", "stay", "churn"}) {
                String role = feature.equals("stay") || feature.equals("churn") ? "output" : "input";
                assertTrue(metrics.contains(String.format(Locale.ROOT,
                        "drift_detected{feature=\"%s\",model=\"churn\",role=\"%s\",version=\"1\"}", feature, role)),
                        feature + "\n" + metrics);
            }
            assertEquals(0, metric(serving, "monitor_events_total\\{[^}]*outcome=\"invalid\"[^}]*}"), metrics);
        }
    }

    private static JsonNode infer(ServingProcess serving, int from, int rows) throws Exception {
        StringBuilder usage = new StringBuilder();
        StringBuilder tenure = new StringBuilder();
        for (int i = from; i < from + rows; i++) {
            usage.append(i > from ? "," : "").append(ChurnModel.minutes(i)).append(',').append(ChurnModel.calls(i));
            tenure.append(i > from ? "," : "").append(ChurnModel.tenure(i));
        }
        String body = "{\"inputs\":[{\"name\":\"usage\",\"shape\":[" + rows + ",2],\"datatype\":\"FP32\",\"data\":["
                + usage + "]},{\"name\":\"tenure\",\"shape\":[" + rows + ",1],\"datatype\":\"INT64\",\"data\":["
                + tenure + "]}]}";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(serving.uri(
                "/v2/models/churn/infer")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body());
    }

    /** The sum of the samples matching {@code series} (a regex of the name and labels), 0 when none. */
    private static double metric(ServingProcess serving, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(get(serving, "/prometheus").body());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static HttpResponse<String> get(ServingProcess serving, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(serving.uri(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
