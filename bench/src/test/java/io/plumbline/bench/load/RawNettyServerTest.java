package io.plumbline.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The raw Netty floor answers its fixed JSON body with 200, and says nothing when a client resets. */
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

    /**
     * As wrk does at the end of a run: clients that reset their connections (linger 0). Netty's pipeline tail
     * logs any exception that reaches it, at WARN, with the stack trace: the root logger sees every such line.
     */
    @Test
    void logsNothing_whenClientsResetTheirConnections() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        root.addAppender(lines);
        try (RawNettyServer server = new RawNettyServer()) {
            int port = URI.create(server.url()).getPort();
            byte[] request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 20; i++) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoLinger(true, 0);
                    // Half the connections send a request first, half nothing; either way the server's next
                    // read meets the reset ("Connection reset"), which goes down its pipeline.
                    if (i % 2 == 0) {
                        OutputStream out = s.getOutputStream();
                        out.write(request);
                        out.flush();
                    }
                }
            }
            // One more request answered proves the server read everything sent before it.
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            Thread.sleep(200);
        } finally {
            root.detachAppender(lines);
        }
        List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of(), logged);
    }
}
