package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.v2.BinaryTensors;
import io.plumbline.serving.v2.V2JsonCodec;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every datatype the engine carries goes through an identity model and comes back unchanged, in
 * JSON and in the binary extension, including the extremes that a double would corrupt.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatatypeRoundTripTest implements TestPropertyProvider {
    private static final Map<DataType, String> VALUES = Map.ofEntries(
            Map.entry(DataType.BOOL, "[true,false,true,true]"),
            Map.entry(DataType.UINT8, "[0,1,200,255]"),
            Map.entry(DataType.INT8, "[-128,-1,0,127]"),
            Map.entry(DataType.INT16, "[-32768,-1,0,32767]"),
            Map.entry(DataType.INT32, "[-2147483648,-1,0,2147483647]"),
            Map.entry(DataType.INT64, "[-9223372036854775808,9007199254740993,0,9223372036854775807]"),
            Map.entry(DataType.FP16, "[0.5,-2.0,65504.0,9.765625E-4]"),
            Map.entry(DataType.BF16, "[1.0,-2.5,0.15625,256.0]"),
            Map.entry(DataType.FP32, "[1.1,-0.0,3.4028235E38,1.4E-45]"),
            Map.entry(DataType.FP64, "[0.1,-1.0E300,4.9E-324,1.7976931348623157E308]"),
            Map.entry(DataType.BYTES, "[\"hello\",\"\",\"\u00fcn\u00efc\u00f6d\u00e9\",\"a\\\"b\"]"));

    @Inject
    EmbeddedServer server;

    V2Client client;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("plumbline.registry.uri", TestRepository.create().toString(), "micronaut.server.port", "-1");
    }

    @BeforeAll
    void start() {
        client = new V2Client(server.getURI());
        client.awaitReady();
    }

    private static String request(DataType t) {
        return "{\"inputs\":[{\"name\":\"x\",\"shape\":[2,2],\"datatype\":\"" + t + "\",\"data\":" + VALUES.get(t)
                + "}]}";
    }

    private static String path(DataType t) {
        return "/v2/models/id_" + t.name().toLowerCase() + "/infer";
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"UINT16", "UINT32", "UINT64"}, mode = EnumSource.Mode.EXCLUDE)
    void json_roundTripsEveryValue(DataType t) throws Exception {
        V2Client.Reply r = client.post(path(t), request(t));
        assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
        JsonNode out = r.json().get("outputs").get(0);
        assertEquals(t.wireName(), out.get("datatype").asText());
        assertEquals("[2,2]", out.get("shape").toString());
        JsonNode expected = V2Client.JSON.readTree(VALUES.get(t));
        JsonNode actual = out.get("data");
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode e = expected.get(i);
            JsonNode a = actual.get(i);
            if (t.isFloatingPoint()) {
                assertEquals(Double.doubleToLongBits(e.doubleValue()), Double.doubleToLongBits(a.doubleValue()),
                        t + " element " + i + ": " + e + " vs " + a);
            } else {
                // Compared as text so INT64 beyond 2^53 cannot pass by rounding the same way twice.
                assertEquals(e.asText(), a.asText(), t + " element " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"UINT16", "UINT32", "UINT64"}, mode = EnumSource.Mode.EXCLUDE)
    void binary_roundTripsEveryByte(DataType t) {
        Tensor input = new V2JsonCodec().decodeRequest(request(t).getBytes(StandardCharsets.UTF_8)).inputs().get(0);
        byte[] raw = new byte[(int) BinaryTensors.size(input)];
        BinaryTensors.encode(input, ByteBuffer.wrap(raw));
        String header = "{\"parameters\":{\"binary_data_output\":true},\"inputs\":[{\"name\":\"x\",\"shape\":[2,2],"
                + "\"datatype\":\"" + t + "\",\"parameters\":{\"binary_data_size\":" + raw.length + "}}]}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(json, json.length + raw.length);
        System.arraycopy(raw, 0, body, json.length, raw.length);

        V2Client.Reply r = client.post(path(t), body, Map.of("Inference-Header-Content-Length",
                Integer.toString(json.length), "Content-Type", "application/octet-stream"));
        assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
        int headerLength = Integer.parseInt(r.header("Inference-Header-Content-Length"));
        JsonNode meta = readJson(Arrays.copyOf(r.body(), headerLength));
        JsonNode out = meta.get("outputs").get(0);
        assertEquals(raw.length, out.get("parameters").get("binary_data_size").asInt());
        assertEquals(false, out.has("data"));
        assertArrayEquals(raw, Arrays.copyOfRange(r.body(), headerLength, r.body().length));
    }

    /**
     * Binary data lives after the JSON header, so a binary request's elements may outnumber the header's
     * bytes: 64 rows (256 FP32 values, 1,024 bytes) behind a header of about 150. The check that a shape
     * fits the body must count the whole body (the bench found it counting the header alone).
     */
    @Test
    void binaryRequest_withMoreElementsThanItsJsonHeaderHasBytes_isServed() {
        int rows = 64;
        ByteBuffer raw = Tensor.allocate(rows * 4, 4);
        for (int i = 0; i < rows * 4; i++) {
            raw.putFloat(i % 4 == 1 ? 20f : 3f);
        }
        String header = "{\"inputs\":[{\"name\":\"features\",\"shape\":[" + rows + ",4],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":" + rows * 16 + "}}]}";
        byte[] hj = header.getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(hj, hj.length + rows * 16);
        System.arraycopy(raw.array(), 0, body, hj.length, rows * 16);
        V2Client.Reply r = client.post("/v2/models/weather/infer", body,
                Map.of("Inference-Header-Content-Length", Integer.toString(hj.length)));
        assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("[64,5]", r.json().get("outputs").get(0).get("shape").toString());
    }

    @Test
    void binaryAndJsonGiveIdenticalOutputs_forTheDemoModel() {
        float[] rows = {0f, 13.3f, 5f, 3.1f, 20.5f, 8f, 4f, 6f, 1.2f, 25f, 14f, 2.2f};
        StringBuilder data = new StringBuilder("[");
        ByteBuffer raw = Tensor.allocate(rows.length, 4);
        for (int i = 0; i < rows.length; i++) {
            data.append(i == 0 ? "" : ",").append(rows[i]);
            raw.putFloat(rows[i]);
        }
        data.append(']');
        String json = "{\"inputs\":[{\"name\":\"features\",\"shape\":[3,4],\"datatype\":\"FP32\",\"data\":" + data
                + "}],\"outputs\":[{\"name\":\"probabilities\",\"parameters\":{\"binary_data\":true}}]}";
        V2Client.Reply viaJson = client.post("/v2/models/weather/infer", json.replace(
                ",\"parameters\":{\"binary_data\":true}", ""));
        String header = "{\"inputs\":[{\"name\":\"features\",\"shape\":[3,4],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":48}}],\"outputs\":[{\"name\":\"probabilities\","
                + "\"parameters\":{\"binary_data\":true}}]}";
        byte[] hj = header.getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(hj, hj.length + 48);
        System.arraycopy(raw.array(), 0, body, hj.length, 48);
        V2Client.Reply viaBinary = client.post("/v2/models/weather/infer", body,
                Map.of("Inference-Header-Content-Length", Integer.toString(hj.length)));
        assertEquals(200, viaBinary.status(), new String(viaBinary.body(), StandardCharsets.UTF_8));
        int h = Integer.parseInt(viaBinary.header("Inference-Header-Content-Length"));
        ByteBuffer bin = ByteBuffer.wrap(viaBinary.body(), h, viaBinary.body().length - h)
                .slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        JsonNode fromJson = viaJson.json().get("outputs").get(0).get("data");
        assertEquals(15, fromJson.size());
        for (int i = 0; i < 15; i++) {
            assertEquals(Float.floatToIntBits(fromJson.get(i).floatValue()), Float.floatToIntBits(bin.getFloat(i * 4)),
                    "element " + i);
        }
    }

    private static JsonNode readJson(byte[] bytes) {
        try {
            return V2Client.JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
