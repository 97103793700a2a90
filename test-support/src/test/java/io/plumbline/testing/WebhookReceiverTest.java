package io.plumbline.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Each fault the receiver scripts is what a sender sees: refused, EOF, a timeout, a status. */
class WebhookReceiverTest {
    private static final String SECRET = "s3cret";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void scriptedFaultsReachTheSender() throws Exception {
        try (WebhookReceiver r = WebhookReceiver.unbound(SECRET, k -> switch (k) {
            case 0 -> WebhookReceiver.Answer.hangingUp();
            case 1 -> WebhookReceiver.Answer.slow(Duration.ofSeconds(5), 200);
            case 2 -> WebhookReceiver.Answer.status(500);
            default -> WebhookReceiver.Answer.status(200);
        })) {
            assertThrows(ConnectException.class, () -> post(r, "e0"), "nobody listens before listen()");
            assertEquals(0, r.calls().size());
            r.listen();
            IOException eof = assertThrows(IOException.class, () -> post(r, "e1"));
            assertFalse(eof instanceof HttpTimeoutException, "a hang-up is not a timeout: " + eof);
            assertThrows(HttpTimeoutException.class, () -> post(r, "e2", Duration.ofSeconds(1)));
            assertEquals(500, post(r, "e3"));
            assertEquals(200, post(r, "e4"));

            assertEquals(4, r.calls().size());
            for (int k = 0; k < 4; k++) {
                WebhookReceiver.Call c = r.calls().get(k);
                assertEquals(k, c.index());
                assertEquals("e" + (k + 1), c.eventId());
                assertTrue(c.signatureValid(), c.toString());
                assertEquals(k == 3, c.answer().delivered(), c.toString());
            }
        }
    }

    @Test
    void aWrongSignatureIsLoggedAsInvalid() throws Exception {
        try (WebhookReceiver r = new WebhookReceiver("another secret")) {
            assertEquals(200, post(r, "e"));
            assertFalse(r.calls().get(0).signatureValid());
        }
    }

    /** Posts with a timeout generous enough for a loaded machine: only the slow answer may time out. */
    private int post(WebhookReceiver r, String eventId) throws Exception {
        return post(r, eventId, Duration.ofSeconds(15));
    }

    private int post(WebhookReceiver r, String eventId, Duration timeout) throws Exception {
        byte[] body = ("{\"eventId\":\"" + eventId + "\"}").getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(r.url())).timeout(timeout)
                .header("X-Plumbline-Event-Id", eventId)
                .header("X-Plumbline-Signature", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
