package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each bad request gets the right status and an error naming what was wrong; nothing leaks between requests. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V2ErrorsTest implements TestPropertyProvider {
    private static final String WEATHER = "/v2/models/weather/infer";

    @Inject
    EmbeddedServer server;

    V2Client client;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("plumbline.registry.uri", TestRepository.create().toString(), "micronaut.server.port", "-1",
                "micronaut.server.max-request-size", "1MB");
    }

    @BeforeAll
    void start() {
        client = new V2Client(server.getURI());
        client.awaitReady();
    }

    private void assertError(V2Client.Reply r, int status, String... fragments) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(status, r.status(), body);
        String error = r.error();
        for (String f : fragments) {
            assertTrue(error.contains(f), "error '" + error + "' should mention '" + f + "'");
        }
    }

    private static String features(String shape, String datatype, String data) {
        return "{\"inputs\":[{\"name\":\"features\",\"shape\":" + shape + ",\"datatype\":\"" + datatype
                + "\",\"data\":" + data + "}]}";
    }

    @Test
    void badJson_is400WithPosition() {
        assertError(client.post(WEATHER, "{\"inputs\": [ {\"name\": "), 400, "not valid JSON", "line 1");
        assertError(client.post(WEATHER, "[1,2,3]"), 400, "JSON object");
        assertError(client.post(WEATHER, ""), 400, "empty");
        assertError(client.post(WEATHER, "{\"inputs\":[]} trailing"), 400);
    }

    @Test
    void wrongDatatype_namesTheField() {
        assertError(client.post(WEATHER, features("[1,4]", "FP64", "[1,2,3,4]")), 400, "inputs[0]", "FP64", "FP32");
        assertError(client.post(WEATHER, features("[1,4]", "FLOAT", "[1,2,3,4]")), 400, "inputs[0].datatype",
                "FLOAT");
    }

    @Test
    void wrongShape_namesTheField() {
        assertError(client.post(WEATHER, features("[1,5]", "FP32", "[1,2,3,4,5]")), 400, "inputs[0]", "shape",
                "[1, 5]", "[-1, 4]");
        assertError(client.post(WEATHER, features("[4]", "FP32", "[1,2,3,4]")), 400, "shape");
        assertError(client.post(WEATHER, features("[1,-4]", "FP32", "[1,2,3,4]")), 400, "inputs[0].shape[1]");
    }

    @Test
    void dataLengthNotMatchingShape() {
        assertError(client.post(WEATHER, features("[2,4]", "FP32", "[1,2,3,4]")), 400, "inputs[0]", "4 elements",
                "needs 8");
        assertError(client.post(WEATHER, features("[1,4]", "FP32", "[1,2,3,4,5,6]")), 400, "6 elements");
    }

    @Test
    void hugeShapeWithTinyBody_isRefusedBeforeAllocating() {
        assertError(client.post(WEATHER, features("[100000000000,4]", "FP32", "[1]")), 400, "shape");
    }

    @Test
    void wrongValueType_namesTheIndex() {
        assertError(client.post(WEATHER, features("[1,4]", "FP32", "[1,2,\"x\",4]")), 400, "inputs[0]", "data[2]");
        assertError(client.post("/v2/models/id_int8/infer", "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,2],"
                + "\"datatype\":\"INT8\",\"data\":[1,300]}]}"), 400, "data[1]", "out of range for INT8");
        assertError(client.post("/v2/models/id_int64/infer", "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,1],"
                + "\"datatype\":\"INT64\",\"data\":[1.5]}]}"), 400, "data[0]", "not an integer");
    }

    @Test
    void missingAndUnknownInputsAndOutputs() {
        assertError(client.post(WEATHER, "{\"inputs\":[{\"name\":\"other\",\"shape\":[1],\"datatype\":\"FP32\","
                + "\"data\":[1]}]}"), 400, "no input 'other'", "features");
        assertError(client.post(WEATHER, "{\"id\":\"x\"}"), 400, "no 'inputs'");
        assertError(client.post(WEATHER, "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\"}]}"),
                400, "no 'data'");
        assertError(client.post(WEATHER, "{\"inputs\":[{\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}"),
                400, "inputs[0] has no 'name'");
        String body = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}],"
                + "\"outputs\":[{\"name\":\"logits\"}]}";
        assertError(client.post(WEATHER, body), 400, "outputs[0]", "no output 'logits'", "probabilities");
    }

    @Test
    void unknownModelOrVersion_is404() {
        assertError(client.post("/v2/models/nope/infer", features("[1,4]", "FP32", "[1,2,3,4]")), 404, "'nope'");
        assertError(client.post("/v2/models/weather/versions/9/infer", features("[1,4]", "FP32", "[1,2,3,4]")), 404,
                "version 9");
        assertError(client.get("/v2/models/nope"), 404, "'nope'");
        assertError(client.get("/v2/models/weather/versions/abc"), 404, "abc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v2/models/..%2Fetc/infer", "/v2/models/%2e%2e/infer", "/v2/models/..%5Cetc/infer",
        "/v2/models/a%2F..%2F..%2Fetc/infer", "/v2/models/..../infer"})
    void pathLikeNames_are400(String path) {
        assertError(client.post(path, features("[1,4]", "FP32", "[1,2,3,4]")), 400, "name", "invalid");
    }

    @Test
    void bodyOverTheLimit_is413() {
        byte[] big = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        V2Client.Reply r = client.post(WEATHER, big, Map.of());
        assertError(r, 413, "exceeds");
    }

    @Test
    void engineFailure_is500NamingTheModel_andTheServerKeepsServing() {
        V2Client.Reply ok = client.post("/v2/models/reshape3/infer", "{\"inputs\":[{\"name\":\"x\",\"shape\":[3],"
                + "\"datatype\":\"FP32\",\"data\":[1,2,3]}]}");
        assertEquals(200, ok.status(), new String(ok.body()));
        assertError(client.post("/v2/models/reshape3/infer", "{\"id\":\"boom\",\"inputs\":[{\"name\":\"x\","
                + "\"shape\":[4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}"), 500, "reshape3", "failed");
        assertEquals(200, client.post("/v2/models/reshape3/infer", "{\"inputs\":[{\"name\":\"x\",\"shape\":[3],"
                + "\"datatype\":\"FP32\",\"data\":[1,2,3]}]}").status());
    }

    @Test
    void aFailedRequestDoesNotLeakIntoTheNext() {
        String good = features("[1,4]", "FP32", "[1,10,3,2]");
        String before = client.post(WEATHER, good).json().get("outputs").toString();
        assertEquals(400, client.post(WEATHER, features("[1,4]", "FP32", "[50,50,50]")).status());
        assertEquals(400, client.post(WEATHER, features("[1,4]", "FP32", "[50,50,50,\"x\"]")).status());
        assertEquals(before, client.post(WEATHER, good).json().get("outputs").toString());
    }

    @ParameterizedTest
    @CsvSource({"100, header length past the end", "-1, outside the body", "abc, not an integer"})
    void binaryHeaderLengthInvalid_is400(String headerValue, String fragment) {
        byte[] body = features("[1,4]", "FP32", "[1,2,3,4]").getBytes(StandardCharsets.UTF_8);
        V2Client.Reply r = client.post(WEATHER, body, Map.of("Inference-Header-Content-Length",
                headerValue.equals("100") ? Integer.toString(body.length + 100) : headerValue));
        assertEquals(400, r.status(), new String(r.body()));
        assertTrue(r.error().contains("Inference-Header-Content-Length"), r.error());
    }

    @Test
    void binarySizesNotMatchingShape_is400() {
        String header = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":12}}]}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(json.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        body.put(json).putFloat(1).putFloat(2).putFloat(3);
        V2Client.Reply r = client.post(WEATHER, body.array(), Map.of("Inference-Header-Content-Length",
                Integer.toString(json.length), "Content-Type", "application/octet-stream"));
        assertError(r, 400, "binary data has 12 bytes", "needs 16");

        String past = header.replace("12", "64");
        byte[] pj = past.getBytes(StandardCharsets.UTF_8);
        ByteBuffer pb = ByteBuffer.allocate(pj.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        pb.put(pj).putFloat(1).putFloat(2).putFloat(3).putFloat(4);
        assertError(client.post(WEATHER, pb.array(), Map.of("Inference-Header-Content-Length",
                Integer.toString(pj.length))), 400, "runs past the end");

        String exact = header.replace("12", "16");
        byte[] ej = exact.getBytes(StandardCharsets.UTF_8);
        ByteBuffer eb = ByteBuffer.allocate(ej.length + 20).order(ByteOrder.LITTLE_ENDIAN);
        eb.put(ej).putFloat(1).putFloat(2).putFloat(3).putFloat(4).putFloat(5);
        assertError(client.post(WEATHER, eb.array(), Map.of("Inference-Header-Content-Length",
                Integer.toString(ej.length))), 400, "binary part has 20 bytes");
    }

    @Test
    void unknownRoute_andWrongMethod_useTheErrorBody() {
        assertError(client.get("/v2/models/weather/infer/extra"), 404, "no such endpoint");
        assertError(client.get(WEATHER), 405, "not allowed");
    }
}
