package io.plumbline.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The raw Netty floor answers its fixed JSON body with 200, twice on one kept-alive connection. */
class RawNettyServerTest {

    @Test
    void answersTheFixedJsonBody_onAKeptAliveConnection() throws Exception {
        try (RawNettyServer server = new RawNettyServer()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.url() + "v2/x"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals("{\"live\":true}", r.body());
                assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
            }
        }
    }
}
