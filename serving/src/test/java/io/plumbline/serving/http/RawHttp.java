package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.serving.connection.RawConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** HTTP/1.1 calls written by hand on a {@link RawConnection}, so no client library picks the route. */
final class RawHttp {
    private RawHttp() {
    }

    static RawConnection.Outcome exchange(RawConnection c, String path, byte[] body, Map<String, String> headers)
            throws IOException {
        assertTrue(c.send(request(path, new String(body, StandardCharsets.ISO_8859_1), headers)));
        return c.readResponse(30_000);
    }

    /** One request; the body as ISO-8859-1 text, so binary bytes travel unchanged. */
    static String request(String path, String body, Map<String, String> headers) {
        StringBuilder r = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: x\r\n");
        if (!headers.containsKey("Content-Type")) {
            r.append("Content-Type: application/json\r\n");
        }
        headers.forEach((k, v) -> r.append(k).append(": ").append(v).append("\r\n"));
        int length = body.getBytes(StandardCharsets.ISO_8859_1).length;
        return r.append("Content-Length: ").append(length).append("\r\n\r\n").append(body).toString();
    }

    /** The body of a response, as bytes, un-gzipped when its {@code content-encoding} is gzip. */
    static byte[] body(RawConnection.Outcome o) throws IOException {
        byte[] all = o.bytes();
        int end = 0;
        while (!(all[end] == '\r' && all[end + 1] == '\n' && all[end + 2] == '\r' && all[end + 3] == '\n')) {
            end++;
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if (!"gzip".equals(Answer.of(o).headers().get("content-encoding"))) {
            return body;
        }
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    /** A response's status, the headers a client acts on (not Date), and body. */
    record Answer(int status, Map<String, String> headers, String body) {
        static Answer of(RawConnection.Outcome o) {
            String text = o.received();
            int end = text.indexOf("\r\n\r\n");
            assertTrue(end > 0, "a response: " + text);
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                if (!name.equals("date")) {
                    headers.put(name, lines[i].substring(colon + 1).trim());
                }
            }
            assertNotNull(headers.get("content-length"), text);
            return new Answer(status, new TreeMap<>(headers), text.substring(end + 4));
        }
    }
}
