package io.plumbline.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Asks a broker for its API versions over the Kafka wire protocol. A broker binds its port before
 * it serves requests, so an accepted connection alone does not mean it is ready; an answered
 * {@code ApiVersions} request (v0, the one every broker version still speaks) does.
 */
final class BrokerProbe {
    private static final short API_VERSIONS = 18;
    private static final int CORRELATION_ID = 0x504c4d42;
    private static final byte[] CLIENT_ID = "plumbline-probe".getBytes(StandardCharsets.US_ASCII);

    private BrokerProbe() {
    }

    /** True when the broker at {@code port} on 127.0.0.1 answered without an error. */
    static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(2_000);
            s.getOutputStream().write(request());
            s.getOutputStream().flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int size = in.readInt();
            if (size < 6) {
                return false;
            }
            int correlation = in.readInt();
            short error = in.readShort();
            return correlation == CORRELATION_ID && error == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Size, then header v1 (api key, version 0, correlation id, client id); the v0 body is empty. */
    private static byte[] request() {
        int headerSize = 2 + 2 + 4 + 2 + CLIENT_ID.length;
        ByteBuffer b = ByteBuffer.allocate(4 + headerSize);
        b.putInt(headerSize).putShort(API_VERSIONS).putShort((short) 0).putInt(CORRELATION_ID)
                .putShort((short) CLIENT_ID.length).put(CLIENT_ID);
        return b.array();
    }
}
