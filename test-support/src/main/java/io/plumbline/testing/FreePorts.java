package io.plumbline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free TCP ports on the loopback interface, so tests never collide on fixed ports. The kernel picks
 * them; all sockets are held open until every port is chosen, so the ports are distinct.
 */
public final class FreePorts {
    private FreePorts() {
    }

    /** {@code count} distinct ports that were free on 127.0.0.1 a moment ago. */
    public static int[] loopback(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        } finally {
            for (ServerSocket s : sockets) {
                closeQuietly(s);
            }
        }
    }

    /** One port that was free on 127.0.0.1 a moment ago. */
    public static int loopback() {
        return loopback(1)[0];
    }

    private static void closeQuietly(ServerSocket s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException e) {
            // Nothing to do: the port was only borrowed to learn its number.
        }
    }
}
