package io.plumbline.serving.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.http.TestRepository;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that trickle bytes (slowloris): each byte resets Micronaut's idle timeout (60 s here), so
 * only the header and body deadlines can end them. Bounds are generous; the only time asserted is
 * "closed before the idle timeout could have done it".
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SlowClientsTest implements TestPropertyProvider {
    /** Well below the 60 s idle timeout, well above the 1 s deadlines under test. */
    private static final int CLOSED_WITHIN_MS = 20_000;
    private static final String ROW = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
            + "\"data\":[1,2,3,4]}]}";

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return TestRepository.serverProperties("micronaut.server.idle-timeout", "60s",
                "plumbline.http.header-timeout", "1s",
                "plumbline.http.body-timeout", "1s",
                "plumbline.http.body-min-rate", "100");
    }

    /** Sends one byte every 200 ms until the server closes the connection or the bound passes. */
    private static RawConnection.Outcome trickle(RawConnection c, String bytes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSED_WITHIN_MS);
        for (int i = 0; System.nanoTime() < deadline; i++) {
            if (!c.send(Character.toString(bytes.charAt(i % bytes.length())))) {
                break;
            }
            RawConnection.Outcome o = c.readUntilClosed(200);
            if (o.closed() || !o.received().isEmpty()) {
                return o.closed() ? o : c.readUntilClosed(CLOSED_WITHIN_MS);
            }
        }
        return c.readUntilClosed(1);
    }

    @Test
    void headersTrickledAByteAtATime_get408AndTheConnectionCloses() throws Exception {
        try (RawConnection c = new RawConnection(server.getPort())) {
            c.send("POST /v2/models/weather/infer HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            RawConnection.Outcome o = trickle(c, "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
            assertTrue(o.closed(), "still open after " + CLOSED_WITHIN_MS + " ms; received: " + o.received());
            assertTrue(o.statusLine().startsWith("HTTP/1.1 408"), o.received());
            assertTrue(o.received().contains("plumbline.http.header-timeout"), o.received());
        }
    }

    @Test
    void aConnectionThatNeverSendsARequest_isClosedAfterTheHeaderTimeout() throws Exception {
        try (RawConnection c = new RawConnection(server.getPort())) {
            RawConnection.Outcome o = c.readUntilClosed(CLOSED_WITHIN_MS);
            assertTrue(o.closed(), "still open after " + CLOSED_WITHIN_MS + " ms");
        }
    }

    @Test
    void aBodyTrickledBelowTheMinimumRate_gets408AndTheConnectionCloses() throws Exception {
        try (RawConnection c = new RawConnection(server.getPort())) {
            c.send("POST /v2/models/weather/infer HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n{\"inputs\":");
            // 5 bytes a second against a minimum of 100: each byte earns 10 ms, each costs 200.
            RawConnection.Outcome o = trickle(c, " ");
            assertTrue(o.closed(), "still open after " + CLOSED_WITHIN_MS + " ms; received: " + o.received());
            assertTrue(o.statusLine().startsWith("HTTP/1.1 408"), o.received());
            assertTrue(o.received().contains("plumbline.http.body-min-rate"), o.received());
        }
    }

    @Test
    void aBodyAboveTheMinimumRate_isServedThoughItTakesLongerThanTheBodyTimeout() throws Exception {
        // 3000 bytes at about 1500 bytes/s (15x the minimum rate) take about 2 s, twice the body timeout.
        String body = ROW + " ".repeat(3000 - ROW.length());
        try (RawConnection c = new RawConnection(server.getPort())) {
            c.send("POST /v2/models/weather/infer HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length() + "\r\n\r\n");
            for (int i = 0; i < body.length(); i += 150) {
                assertTrue(c.send(body.substring(i, Math.min(body.length(), i + 150))), "closed at byte " + i);
                Thread.sleep(100);
            }
            RawConnection.Outcome o = c.readUntilClosed(CLOSED_WITHIN_MS);
            assertEquals("HTTP/1.1 200 OK", o.statusLine(), o.received());
        }
    }

    @Test
    void aClientBetweenRequests_isLeftToTheIdleTimeout() throws Exception {
        try (RawConnection c = new RawConnection(server.getPort())) {
            c.send("GET /v2/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawConnection.Outcome first = c.readResponse(5000);
            assertTrue(first.statusLine().startsWith("HTTP/1.1 200"), first.received());
            // Three header timeouts later the keep-alive connection still answers.
            Thread.sleep(3000);
            assertTrue(c.send("GET /v2/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
            RawConnection.Outcome second = c.readUntilClosed(CLOSED_WITHIN_MS);
            assertTrue(second.statusLine().startsWith("HTTP/1.1 200"), second.received());
            assertFalse(second.received().contains("408"), second.received());
        }
    }
}
