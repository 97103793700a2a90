package io.plumbline.serving.lifecycle;

import static io.plumbline.serving.lifecycle.ShutdownIT.JAR;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.testing.ServingProcess;
import io.plumbline.testing.Directories;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that sends headers announcing a body and then nothing: the server closes the connection
 * after {@code micronaut.server.idle-timeout} instead of waiting for ever, and answers others meanwhile.
 * (The slowloris scenario with trickled bytes and connection floods belongs to the reliability suite.)
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SlowClientIT {
    /** Far longer than the idle timeout under test: reaching it means the server never let go. */
    private static final int CLIENT_WAIT_MS = 30_000;

    private Path dir;
    private ServingProcess serving;

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory("plumbline-slow-client");
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (serving != null) {
            serving.close();
        }
        Directories.deleteRecursively(dir);
    }

    @Test
    void aBodyThatNeverArrives_isClosedAfterTheIdleTimeout() throws Exception {
        serving = ServingProcess.start(ShutdownIT.JAR, "file:" + ShutdownIT.weatherRepository(dir), Map.of("MICRONAUT_SERVER_IDLE_TIMEOUT", "2s",
                "PLUMBLINE_SHUTDOWN_GRACE_PERIOD", "0s"), dir);
        try (Socket stalled = new Socket("127.0.0.1", serving.httpPort())) {
            stalled.setSoTimeout(CLIENT_WAIT_MS);
            OutputStream out = stalled.getOutputStream();
            out.write(("POST /v2/models/weather/infer HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"inputs\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            HttpResponse<String> other = ShutdownIT.http().send(HttpRequest.newBuilder(serving.uri("/v2/models/weather/infer"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ShutdownIT.WEATHER_ROW))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, other.statusCode(), "another client is served while one stalls");

            String closedBy = readUntilClosed(stalled.getInputStream());
            assertTrue(closedBy.startsWith("closed"), "the server closed the stalled connection; the client saw: "
                    + closedBy);
        }
        serving.sigterm();
        assertEquals(0, serving.awaitExit(ShutdownIT.EXIT_TIMEOUT), serving.log());
    }

    /** How the connection ended: "closed (...)" by the server, or "still open after 30 s". */
    private static String readUntilClosed(InputStream in) throws IOException {
        byte[] buf = new byte[1024];
        StringBuilder got = new StringBuilder();
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                got.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
            return "closed (end of stream" + (got.isEmpty() ? "" : " after: " + got.toString().lines().findFirst()
                    .orElse("")) + ")";
        } catch (SocketTimeoutException e) {
            return "still open after " + CLIENT_WAIT_MS / 1000 + " s";
        } catch (SocketException e) {
            return "closed (" + e.getMessage() + ")";
        }
    }
}
