package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every V2 REST endpoint over real HTTP, and the demo model's answers against ONNX Runtime run directly. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V2EndpointsTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    V2Client client;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("plumbline.registry.uri", TestRepository.create().toString(), "micronaut.server.port", "-1",
                "plumbline.repository-api.enabled", "true");
    }

    @BeforeAll
    void start() {
        client = new V2Client(server.getURI());
        client.awaitReady();
    }

    @Test
    void health_liveAndReady() {
        assertEquals(200, client.get("/v2/health/live").status());
        assertTrue(client.get("/v2/health/live").json().get("live").asBoolean());
        V2Client.Reply ready = client.get("/v2/health/ready");
        assertEquals(200, ready.status());
        assertTrue(ready.json().get("ready").asBoolean());
    }

    @Test
    void managementEndpoints_onlyHealthAndPrometheusAreServed() {
        assertEquals(200, client.get("/health").status());
        assertEquals(200, client.get("/prometheus").status());
        // Micronaut serves these by default; each gives away internals or (POST /refresh) rebuilds beans.
        for (String path : List.of("/beans", "/routes", "/threaddump", "/metrics", "/info", "/env", "/loggers")) {
            assertEquals(404, client.get(path).status(), path);
        }
        assertEquals(404, client.post("/refresh", "{}").status(), "POST /refresh");
    }

    @Test
    void serverMetadata_listsExtensions() {
        JsonNode meta = client.get("/v2").json();
        assertEquals("plumbline", meta.get("name").asText());
        assertTrue(meta.has("version"));
        List<String> ext = new ArrayList<>();
        meta.get("extensions").forEach(e -> ext.add(e.asText()));
        assertTrue(ext.containsAll(List.of("model_repository", "binary_tensor_data")), ext.toString());
    }

    @Test
    void modelMetadata_describesSignatureFeaturesAndLabels() {
        for (String path : List.of("/v2/models/weather", "/v2/models/weather/versions/1")) {
            V2Client.Reply r = client.get(path);
            assertEquals(200, r.status(), path);
            JsonNode m = r.json();
            assertEquals("weather", m.get("name").asText());
            assertEquals("1", m.get("versions").get(0).asText());
            assertEquals("onnxruntime_onnx", m.get("platform").asText());
            JsonNode in = m.get("inputs").get(0);
            assertEquals("features", in.get("name").asText());
            assertEquals("FP32", in.get("datatype").asText());
            assertEquals("[-1,4]", in.get("shape").toString());
            assertEquals("[\"precipitation\",\"temp_max\",\"temp_min\",\"wind\"]", in.get("features").toString());
            JsonNode out = m.get("outputs").get(0);
            assertEquals("probabilities", out.get("name").asText());
            assertEquals("[\"drizzle\",\"fog\",\"rain\",\"snow\",\"sun\"]", out.get("labels").toString());
        }
    }

    @Test
    void modelMetadata_withoutManifest_readFromTheModelFile() {
        JsonNode m = client.get("/v2/models/id_int64").json();
        assertEquals("x", m.get("inputs").get(0).get("name").asText());
        assertEquals("INT64", m.get("inputs").get(0).get("datatype").asText());
        assertEquals("[-1,-1]", m.get("inputs").get(0).get("shape").toString());
        assertEquals("y", m.get("outputs").get(0).get("name").asText());
    }

    @Test
    void modelReady_forModelAndVersion() {
        V2Client.Reply r = client.get("/v2/models/weather/ready");
        assertEquals(200, r.status());
        assertTrue(r.json().get("ready").asBoolean());
        assertEquals(200, client.get("/v2/models/weather/versions/1/ready").status());
        assertEquals(404, client.get("/v2/models/weather/versions/2/ready").status());
    }

    @Test
    void infer_matchesOnnxRuntimeRunDirectly() throws Exception {
        List<float[]> rows = weatherRows(64);
        float[] expected = runDirectly(rows);
        StringJoiner data = new StringJoiner(",", "[", "]");
        for (float[] row : rows) {
            data.add("[" + row[0] + "," + row[1] + "," + row[2] + "," + row[3] + "]");
        }
        String body = "{\"id\":\"req-42\",\"inputs\":[{\"name\":\"features\",\"shape\":[" + rows.size()
                + ",4],\"datatype\":\"FP32\",\"data\":" + data + "}]}";
        V2Client.Reply r = client.post("/v2/models/weather/infer", body);
        assertEquals(200, r.status(), new String(r.body()));
        JsonNode json = r.json();
        assertEquals("req-42", json.get("id").asText());
        assertEquals("weather", json.get("model_name").asText());
        assertEquals("1", json.get("model_version").asText());
        JsonNode out = json.get("outputs").get(0);
        assertEquals("probabilities", out.get("name").asText());
        assertEquals("FP32", out.get("datatype").asText());
        assertEquals("[" + rows.size() + ",5]", out.get("shape").toString());
        assertEquals(expected.length, out.get("data").size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], out.get("data").get(i).floatValue(), 1e-6, "element " + i);
        }
    }

    @Test
    void infer_flatAndNestedDataGiveTheSameAnswer_andKeyOrderDoesNotMatter() {
        String nested = "{\"inputs\":[{\"name\":\"features\",\"shape\":[2,4],\"datatype\":\"FP32\","
                + "\"data\":[[0.0,13.3,5.0,3.1],[20.5,8.0,4.0,6.0]]}]}";
        String flat = "{\"inputs\":[{\"data\":[0.0,13.3,5.0,3.1,20.5,8.0,4.0,6.0],\"datatype\":\"FP32\","
                + "\"shape\":[2,4],\"name\":\"features\"}]}";
        JsonNode a = client.post("/v2/models/weather/infer", nested).json().get("outputs");
        JsonNode b = client.post("/v2/models/weather/versions/1/infer", flat).json().get("outputs");
        assertEquals(a, b);
    }

    @Test
    void infer_requestedOutputsAndParametersAreAccepted() {
        String body = "{\"parameters\":{\"trace\":true,\"tenant\":\"a\"},\"inputs\":[{\"name\":\"features\","
                + "\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,10,3,2]}],"
                + "\"outputs\":[{\"name\":\"probabilities\"}]}";
        V2Client.Reply r = client.post("/v2/models/weather/infer", body);
        assertEquals(200, r.status(), new String(r.body()));
        assertEquals(1, r.json().get("outputs").size());
        // No id sent: the server assigns one (a UUID), so the prediction can be named in feedback later.
        java.util.UUID.fromString(r.json().get("id").asText());
    }

    @Test
    void repositoryIndex_reportsReadyAndRefusedVersionsWithReasons() {
        V2Client.Reply r = client.post("/v2/repository/index", "{}");
        assertEquals(200, r.status());
        JsonNode index = r.json();
        assertEquals("READY", entry(index, "weather").get("state").asText());
        JsonNode corrupt = entry(index, "corrupt");
        assertEquals("UNAVAILABLE", corrupt.get("state").asText());
        assertTrue(corrupt.get("reason").asText().contains("checksum mismatch"), corrupt.toString());
        assertTrue(entry(index, "garbage").get("reason").asText().contains("ONNX Runtime cannot load"));
        assertTrue(entry(index, "id_uint64").get("reason").asText().contains("cannot carry"));
        assertEquals(404, client.post("/v2/models/corrupt/infer", "{}").status());
    }

    @Test
    void repositoryLoadAndUnload() {
        assertEquals(200, client.post("/v2/repository/models/id_int8/unload", "").status());
        assertEquals(404, client.get("/v2/models/id_int8").status());
        assertEquals(404, client.post("/v2/repository/models/id_int8/unload", "").status());
        assertEquals(200, client.post("/v2/repository/models/id_int8/load", "").status());
        assertEquals(200, client.get("/v2/models/id_int8").status());
        V2Client.Reply bad = client.post("/v2/repository/models/corrupt/load", "");
        assertEquals(400, bad.status());
        assertTrue(bad.error().contains("checksum mismatch"), bad.error());
        assertEquals(404, client.post("/v2/repository/models/absent/load", "").status());
        assertEquals(400, client.post("/v2/repository/models/..%2Fetc/load", "").status());
    }

    @Test
    void prometheus_exposesRequestTimerAndLoadedGauges() {
        client.post("/v2/models/weather/infer", "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
                + "\"datatype\":\"FP32\",\"data\":[1,10,3,2]}]}");
        client.post("/v2/models/weather/infer", "{\"inputs\":[]}");
        String text = new String(client.get("/prometheus").body());
        assertTrue(text.matches("(?s).*inference_requests_seconds_count\\{[^}]*model=\"weather\"[^}]*outcome=\"ok\""
                + "[^}]*protocol=\"rest\"[^}]*version=\"1\"[^}]*} [1-9].*"), "timer with ok outcome");
        assertTrue(text.matches("(?s).*inference_requests_seconds_count\\{[^}]*model=\"weather\"[^}]*"
                + "outcome=\"bad_request\".*"), "timer with bad_request outcome");
        assertTrue(text.contains("inference_requests_seconds_bucket{"), "percentile histogram");
        assertTrue(text.matches("(?s).*model_loaded\\{device=\"cpu\",model=\"weather\",version=\"1\"} 1\\.0.*"),
                "model.loaded gauge");
        assertTrue(text.matches("(?s).*model_load_failures_total\\{model=\"corrupt\"} [1-9].*"), "load failures");
    }

    private static JsonNode entry(JsonNode index, String model) {
        for (JsonNode e : index) {
            if (e.get("name").asText().equals(model)) {
                return e;
            }
        }
        throw new AssertionError("no index entry for " + model + " in " + index);
    }

    static List<float[]> weatherRows(int n) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "data", "seattle-weather.csv"));
        List<float[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, n + 1)) {
            String[] f = line.split(",");
            rows.add(new float[] {Float.parseFloat(f[1]), Float.parseFloat(f[2]), Float.parseFloat(f[3]),
                Float.parseFloat(f[4])});
        }
        return rows;
    }

    private static float[] runDirectly(List<float[]> rows) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        FloatBuffer in = FloatBuffer.allocate(rows.size() * 4);
        rows.forEach(in::put);
        in.flip();
        try (OrtSession session = env.createSession(TestRepository.DEMO.resolve("1/model.onnx").toString());
                OnnxTensor t = OnnxTensor.createTensor(env, in, new long[] {rows.size(), 4});
                OrtSession.Result r = session.run(Map.of("features", t))) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }
}
