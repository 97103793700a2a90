package io.plumbline.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay} against a real HTTP server answering V2 model metadata and recording infer requests. */
class ReplayCommandTest {
    private static final String METADATA = "{\"name\":\"weather\",\"versions\":[\"1\"],\"inputs\":[{\"name\":\"features\","
            + "\"datatype\":\"FP32\",\"shape\":[-1,4],\"features\":[\"precipitation\",\"temp_max\",\"temp_min\",\"wind\"]}]}";

    @TempDir
    Path dir;

    // Serving's V2 codec reads the bare token NaN; so must this stand-in.
    private final ObjectMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private HttpServer server;
    private volatile int inferStatus = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/models/weather", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean infer = exchange.getRequestURI().getPath().endsWith("/infer");
            byte[] answer = (infer ? "{\"outputs\":[]}" : METADATA).getBytes(StandardCharsets.UTF_8);
            if (infer) {
                requests.add(json.readTree(body));
            }
            int status = infer ? inferStatus : 200;
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        Files.writeString(dir.resolve("days.csv"), """
                date,wind,temp_max,precipitation,temp_min,weather
                2014-01-01,1.0,10.0,0.0,2.0,sun
                2014-01-02,2.0,11.0,0.5,3.0,rain
                2014-01-03,3.0,12.0,,4.0,rain
                2014-01-04,4.0,13.0,1.5,5.0,sun
                2014-01-05,5.0,14.0,2.0,6.0,fog
                """);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int replay(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("replay", "--url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/", "--model", "weather",
                "--data", dir.resolve("days.csv").toString()));
        args.addAll(List.of(extra));
        return Main.run(args.toArray(String[]::new), new PrintStream(out), new PrintStream(err));
    }

    @Test
    void sendsRows_inTheManifestsFeatureOrder_withInjectedDrift() {
        assertEquals(0, replay("--batch", "2", "--drift", "temp_max:100:3"), err.toString());
        assertEquals(3, requests.size(), "5 rows in batches of 2");
        JsonNode first = requests.get(0).get("inputs").get(0);
        assertEquals("features", first.get("name").asText());
        assertEquals("FP32", first.get("datatype").asText());
        assertEquals("[2,4]", first.get("shape").toString());
        assertEquals("[0.0,10.0,2.0,1.0,0.5,11.0,3.0,2.0]", first.get("data").toString());
        JsonNode second = requests.get(1).get("inputs").get(0).get("data");
        assertTrue(Double.isNaN(second.get(0).asDouble()), "a missing cell is sent as NaN: " + second);
        assertEquals(12.0, second.get(1).asDouble(), "row 2: before the drift");
        assertEquals(113.0, second.get(5).asDouble(), "row 3: temp_max + 100");
        assertEquals("[1,4]", requests.get(2).get("inputs").get(0).get("shape").toString());
        assertEquals(114.0, requests.get(2).get("inputs").get(0).get("data").get(1).asDouble());
        assertTrue(err.toString().contains("sent 5 rows in 3 requests (0 failed)"), err.toString());
        assertTrue(out.toString().contains("replayed 5 rows in 3 requests to weather (0 failed)"), out.toString());
    }

    @Test
    void shuffle_sendsEveryRowOnce_inTheSeedsOrder_driftCountedInTheOrderSent() {
        assertEquals(0, replay("--batch", "5", "--shuffle", "7", "--drift", "temp_max:100:3"), err.toString());
        assertEquals(1, requests.size());
        JsonNode data = requests.get(0).get("inputs").get(0).get("data");
        // Rows 4, 3, 0, 2, 1: Collections.shuffle's loop over java.util.Random(7) as their Javadoc specifies
        // (the 48-bit LCG), computed by hand in Python and confirmed in jshell. The 4th and 5th rows sent
        // (rows 2 and 1) get the drift.
        double[] wind = new double[5];
        double[] tempMax = new double[5];
        for (int i = 0; i < 5; i++) {
            tempMax[i] = data.get(i * 4 + 1).asDouble();
            wind[i] = data.get(i * 4 + 3).asDouble();
        }
        assertEquals(List.of(5.0, 4.0, 1.0, 3.0, 2.0), java.util.Arrays.stream(wind).boxed().toList());
        assertEquals(List.of(14.0, 13.0, 10.0, 112.0, 111.0), java.util.Arrays.stream(tempMax).boxed().toList());
    }

    @Test
    void shuffleSeed_mustBeAPositiveWholeNumber() {
        assertEquals(Main.USAGE, replay("--shuffle", "x"));
        assertTrue(err.toString().contains("--shuffle must be a"), err.toString());
        assertEquals(0, requests.size());
    }

    @Test
    void failedRequests_makeExitCode1() {
        inferStatus = 503;
        assertEquals(1, replay());
        assertTrue(err.toString().contains("first failure: HTTP 503"), err.toString());
    }

    @Test
    void driftOnAnUnknownFeature_isAUsageError() {
        assertEquals(Main.USAGE, replay("--drift", "humidity:1:0"));
        assertTrue(err.toString().contains("humidity"), err.toString());
        assertEquals(0, requests.size());
    }

    @Test
    void dataWithoutAFeatureColumn_isAUsageError() throws IOException {
        Files.writeString(dir.resolve("days.csv"), "date,wind\n2014-01-01,1.0\n");
        assertEquals(Main.USAGE, replay());
        assertTrue(err.toString().contains("no column precipitation"), err.toString());
    }
}
