package io.plumbline.serving.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain TCP connection to the server, for clients no HTTP library would imitate: slow, silent, or one too many. */
public final class RawConnection implements AutoCloseable {
    private final Socket socket;

    public RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
    }

    /** Sends text; false when the server had already closed the connection. */
    public boolean send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads until the server closes the connection or {@code waitMs} passes without it doing so.
     *
     * @return what was read, and whether the server closed the connection
     */
    public Outcome readUntilClosed(int waitMs) throws IOException {
        socket.setSoTimeout(waitMs);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                got.write(buf, 0, n);
            }
            return new Outcome(got.toString(StandardCharsets.UTF_8), true, got.toByteArray());
        } catch (SocketTimeoutException e) {
            return new Outcome(got.toString(StandardCharsets.UTF_8), false, got.toByteArray());
        } catch (SocketException e) {
            // Reset by the server: closed as well.
            return new Outcome(got.toString(StandardCharsets.UTF_8), true, got.toByteArray());
        }
    }

    /** Reads one response (headers and a Content-Length body) on a connection that stays open. */
    public Outcome readResponse(int waitMs) throws IOException {
        socket.setSoTimeout(waitMs);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            while (true) {
                String text = got.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^content-length: *(\\d+)")
                            .matcher(text.substring(0, end));
                    int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
                    if (got.size() >= end + 4 + length) {
                        return new Outcome(got.toString(StandardCharsets.UTF_8), false, got.toByteArray());
                    }
                }
                int b = in.read();
                if (b < 0) {
                    return new Outcome(got.toString(StandardCharsets.UTF_8), true, got.toByteArray());
                }
                got.write(b);
            }
        } catch (SocketTimeoutException e) {
            return new Outcome(got.toString(StandardCharsets.UTF_8), false, got.toByteArray());
        }
    }

    /** Sends a request and reads the answer until the connection closes or {@code waitMs} passes. */
    public Outcome exchange(String request, int waitMs) throws IOException {
        send(request);
        return readUntilClosed(waitMs);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** What was read: as UTF-8 text, and as the bytes themselves (a compressed or binary body). */
    public record Outcome(String received, boolean closed, byte[] bytes) {
        public String statusLine() {
            int end = received.indexOf("\r\n");
            return end < 0 ? received : received.substring(0, end);
        }
    }
}
