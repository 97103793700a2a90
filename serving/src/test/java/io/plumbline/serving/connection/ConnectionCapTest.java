package io.plumbline.serving.connection;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.testing.Await;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** {@code plumbline.http.max-connections}: connection N+1 is refused with 503 while the N open ones keep working. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConnectionCapTest implements TestPropertyProvider {
    private static final int CAP = 3;
    private static final String LIVE = "GET /v2/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    private static final String LIVE_THEN_CLOSE = "GET /v2/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Connection: close\r\n\r\n";

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        // A header timeout long enough that the held connections are not closed during the test.
        return TestRepository.serverProperties("plumbline.http.max-connections", Integer.toString(CAP),
                "plumbline.http.header-timeout", "60s");
    }

    @Test
    void connectionOverTheCap_isRefusedWhileTheOthersWork() throws Exception {
        List<RawConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < CAP; i++) {
                RawConnection c = new RawConnection(server.getPort());
                held.add(c);
                c.send(LIVE);
                String status = c.readResponse(5000).statusLine();
                assertTrue(status.startsWith("HTTP/1.1 200"), "connection " + i + ": " + status);
            }
            try (RawConnection extra = new RawConnection(server.getPort())) {
                RawConnection.Outcome o = extra.exchange(LIVE_THEN_CLOSE, 20_000);
                assertTrue(o.closed(), "connection " + (CAP + 1) + " was left open");
                assertTrue(o.statusLine().startsWith("HTTP/1.1 503"), o.received());
                assertTrue(o.received().contains("plumbline.http.max-connections"), o.received());
            }
            for (RawConnection c : held) {
                c.send(LIVE);
                RawConnection.Outcome o = c.readResponse(5000);
                assertTrue(o.statusLine().startsWith("HTTP/1.1 200"), "a held connection stopped working: " + o);
            }
            held.remove(0).close();
            // The freed slot is counted when the server sees the close: a new connection works soon after.
            Await.until(() -> {
                try (RawConnection next = new RawConnection(server.getPort())) {
                    return next.exchange(LIVE_THEN_CLOSE, 5000).statusLine().startsWith("HTTP/1.1 200");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, Duration.ofSeconds(20), () -> "no connection accepted after one of " + CAP + " closed");
        } finally {
            for (RawConnection c : held) {
                c.close();
            }
        }
    }
}
