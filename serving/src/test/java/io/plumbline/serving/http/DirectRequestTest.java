package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which calls the direct route takes (the plain case) and which it leaves to Micronaut. */
class DirectRequestTest {
    private static final long MAX = 1000;

    private static HttpRequest post(String uri, Map<String, String> headers) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri);
        r.headers().set("Content-Length", "10");
        headers.forEach((k, v) -> r.headers().set(k, v));
        return r;
    }

    @Test
    void plainCalls_areTaken_withModelAndVersionFromThePath() {
        DirectRequest d = DirectRequest.of(post("/v2/models/weather/infer", Map.of()), MAX);
        assertNotNull(d);
        assertEquals("weather", d.model());
        assertNull(d.version());
        assertTrue(d.keepAlive());
        d = DirectRequest.of(post("/v2/models/m-1.x/versions/7/infer", Map.of("Content-Encoding", "identity")), MAX);
        assertNotNull(d);
        assertEquals("m-1.x", d.model());
        assertEquals("7", d.version());
        assertFalse(DirectRequest.of(post("/v2/models/weather/infer", Map.of("Connection", "close")), MAX).keepAlive());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v2/models/weather/infer?x=1", "/v2/models/we%20ather/infer", "/v2/models//infer",
            "/v2/models/infer", "/v2/models/a/b/infer", "/v2/models/a/versions//infer", "/v2/models/a/versions/1/x/infer",
            "/v2/models/a/versions/infer", "/v2/models/a;b/infer", "/v2/models/a+b/infer", "/v2/models/a&b/infer",
            "/v2/models/weather/ready", "/v2/models/weather/infer/", "/v2/models/weather/inferx"})
    void otherPaths_goToMicronaut(String uri) {
        assertNull(DirectRequest.of(post(uri, Map.of()), MAX), uri);
    }

    @Test
    void otherRequests_goToMicronaut() {
        String uri = "/v2/models/weather/infer";
        assertNull(DirectRequest.of(post(uri, Map.of("Content-Encoding", "gzip")), MAX));
        assertNull(DirectRequest.of(post(uri, Map.of("Transfer-Encoding", "chunked")), MAX));
        assertNull(DirectRequest.of(post(uri, Map.of("Expect", "100-continue")), MAX));
        assertNull(DirectRequest.of(post(uri, Map.of("Upgrade", "h2c")), MAX));
        assertNull(DirectRequest.of(post(uri, Map.of("Content-Length", "1001")), MAX), "over the size limit: 413 there");
        assertNotNull(DirectRequest.of(post(uri, Map.of("Content-Length", "1000")), MAX));
        HttpRequest noLength = post(uri, Map.of());
        noLength.headers().remove("Content-Length");
        assertNull(DirectRequest.of(noLength, MAX));
        assertNull(DirectRequest.of(new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.POST, uri), MAX));
        assertNull(DirectRequest.of(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, uri), MAX));
    }

    @Test
    void aLargeBody_arrivesWhole_inAnArrayThatGrowsWithIt() {
        int length = DirectRequest.FIRST_CHUNK * 3 + 17;
        byte[] sent = new byte[length];
        new Random(7).nextBytes(sent);
        DirectRequest d = DirectRequest.of(post("/v2/models/m/infer", Map.of("Content-Length",
                Integer.toString(length))), Long.MAX_VALUE);
        for (int at = 0; at < length; at += 8191) {
            assertTrue(d.append(Unpooled.wrappedBuffer(sent, at, Math.min(8191, length - at))));
        }
        assertFalse(d.append(Unpooled.wrappedBuffer(new byte[1])), "not a byte beyond Content-Length");
        assertArrayEquals(sent, d.body());
    }
}
