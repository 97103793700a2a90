package io.plumbline.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Raw TCP clients on 127.0.0.1 that misbehave slowly, all driven by one selector thread, each noting when
 * the server closed it (end of stream or a reset, seen by the client). Kinds: request headers trickled one
 * byte per tick, a body trickled one byte per tick, a body announced and never finished, and idle
 * connections that send nothing (the flood, topped up to its target while it runs).
 */
final class SlowConnections implements AutoCloseable {
    enum Kind { HEADERS_TRICKLED, BODY_TRICKLED, BODY_STALLED, IDLE }

    private static final String INFER = "POST /v2/models/weather/infer HTTP/1.1\r\nHost: 127.0.0.1\r\n";

    /** One client connection; times are System.nanoTime(), -1 while not reached. */
    static final class Conn {
        final Kind kind;
        final SocketChannel channel;
        final long opened = System.nanoTime();
        volatile long connected = -1;
        volatile long lastSent = -1;
        volatile long closedByServer = -1;
        volatile String answer = "";
        private ByteBuffer pending;

        private Conn(Kind kind, SocketChannel channel, byte[] prefix) {
            this.kind = kind;
            this.channel = channel;
            this.pending = ByteBuffer.wrap(prefix);
        }
    }

    private final InetSocketAddress server;
    private final long tickNanos;
    private final Selector selector;
    private final Thread loop;
    /** Every connection ever opened (a flood opens thousands: a queue, not a copy-on-write list). */
    private final ConcurrentLinkedQueue<Conn> all = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Kind> toOpen = new ConcurrentLinkedQueue<>();
    private final Map<Kind, Integer> connectFailures = new EnumMap<>(Kind.class);
    private volatile boolean trickling = true;
    private volatile int floodTarget;
    private volatile boolean closed;
    private volatile Throwable loopFailure;

    SlowConnections(int port, long tickMillis) throws IOException {
        this.server = new InetSocketAddress("127.0.0.1", port);
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
        this.selector = Selector.open();
        this.loop = new Thread(this::run, "slow-connections");
        loop.setDaemon(true);
        loop.start();
    }

    /** Opens {@code count} connections of {@code kind} (asynchronously, on the selector thread). */
    void open(Kind kind, int count) {
        for (int i = 0; i < count; i++) {
            toOpen.add(kind);
        }
        selector.wakeup();
    }

    /** Keeps this many idle connections open (0: stop topping up); closed ones are replaced each tick. */
    void flood(int target) {
        floodTarget = target;
        selector.wakeup();
    }

    /** Stops sending trickled bytes: from now on the trickling connections are silent too. */
    void stopTrickling() {
        trickling = false;
    }

    List<Conn> of(Kind kind) {
        return all.stream().filter(c -> c.kind == kind).toList();
    }

    long openNow(Kind kind) {
        return of(kind).stream().filter(c -> c.connected >= 0 && c.closedByServer < 0).count();
    }

    long closedByServer(Kind kind) {
        return of(kind).stream().filter(c -> c.closedByServer >= 0).count();
    }

    synchronized int connectFailures(Kind kind) {
        return connectFailures.getOrDefault(kind, 0);
    }

    /** Fails when the selector thread died (then the counts would stop moving for the wrong reason). */
    void check() {
        if (loopFailure != null) {
            throw new AssertionError("the slow-connection thread failed", loopFailure);
        }
    }

    private void run() {
        long nextTick = System.nanoTime() + tickNanos;
        try {
            while (!closed) {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextTick - System.nanoTime())));
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
                for (Kind k; (k = toOpen.poll()) != null; ) {
                    connect(k);
                }
                if (System.nanoTime() >= nextTick) {
                    nextTick = System.nanoTime() + tickNanos;
                    tick();
                }
            }
        } catch (IOException | RuntimeException e) {
            loopFailure = e;
        }
    }

    private void connect(Kind kind) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        Conn c = new Conn(kind, ch, prefix(kind));
        all.add(c);
        try {
            if (ch.connect(server)) {
                connected(c);
            }
            ch.register(selector, c.connected >= 0 ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, c);
        } catch (IOException e) {
            connectFailed(c);
        }
    }

    private void handle(SelectionKey key) {
        Conn c = (Conn) key.attachment();
        try {
            if (key.isConnectable()) {
                c.channel.finishConnect();
                connected(c);
                key.interestOps(SelectionKey.OP_READ);
            } else if (key.isReadable()) {
                ByteBuffer buf = ByteBuffer.allocate(4096);
                int n = c.channel.read(buf);
                if (n < 0) {
                    serverClosed(c, key);
                } else if (c.answer.isEmpty() && n > 0) {
                    c.answer = new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
                }
            }
        } catch (IOException e) {
            if (c.connected < 0) {
                key.cancel();
                connectFailed(c);
            } else {
                serverClosed(c, key);
            }
        }
    }

    private void connected(Conn c) throws IOException {
        c.connected = System.nanoTime();
        send(c);
    }

    /** Writes what is pending (the prefix; a fresh loopback socket takes it whole), then nothing until a tick. */
    private void send(Conn c) throws IOException {
        if (c.pending != null && c.pending.hasRemaining()) {
            c.channel.write(c.pending);
            c.lastSent = System.nanoTime();
        }
    }

    private void tick() {
        for (Conn c : all) {
            if (c.connected < 0 || c.closedByServer >= 0) {
                continue;
            }
            try {
                send(c);
                if (trickling && (c.kind == Kind.HEADERS_TRICKLED || c.kind == Kind.BODY_TRICKLED)) {
                    // Headers: one more byte of a header value that never ends. Body: one more space of JSON.
                    c.channel.write(ByteBuffer.wrap(new byte[] {(byte) (c.kind == Kind.HEADERS_TRICKLED ? 'a' : ' ')}));
                    c.lastSent = System.nanoTime();
                }
            } catch (IOException e) {
                serverClosed(c, c.channel.keyFor(selector));
            }
        }
        int missing = floodTarget - (int) openNow(Kind.IDLE) - (int) of(Kind.IDLE).stream().filter(c -> c.connected < 0
                && c.closedByServer < 0 && c.channel.isOpen()).count();
        for (int i = 0; i < missing; i++) {
            toOpen.add(Kind.IDLE);
        }
    }

    private void serverClosed(Conn c, SelectionKey key) {
        if (c.closedByServer < 0) {
            c.closedByServer = System.nanoTime();
        }
        if (key != null) {
            key.cancel();
        }
        closeQuietly(c.channel);
    }

    private synchronized void connectFailed(Conn c) {
        connectFailures.merge(c.kind, 1, Integer::sum);
        all.remove(c);
        closeQuietly(c.channel);
    }

    private static byte[] prefix(Kind kind) {
        String text = switch (kind) {
            case HEADERS_TRICKLED -> INFER + "X-Slow: ";
            case BODY_TRICKLED -> INFER + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"inputs\":";
            case BODY_STALLED -> INFER + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"inputs\":";
            case IDLE -> "";
        };
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Closes every connection still open (the client's side) and stops the thread. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        selector.wakeup();
        loop.join(TimeUnit.SECONDS.toMillis(10));
        for (Conn c : all) {
            closeQuietly(c.channel);
        }
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // Already reset by the server.
        }
    }

    /** Milliseconds from {@code from} to {@code to} of each connection that reached both. */
    static List<Long> millis(List<Conn> conns, java.util.function.ToLongFunction<Conn> from,
            java.util.function.ToLongFunction<Conn> to) {
        List<Long> out = new ArrayList<>();
        for (Conn c : conns) {
            long a = from.applyAsLong(c);
            long b = to.applyAsLong(c);
            if (a >= 0 && b >= 0) {
                out.add(TimeUnit.NANOSECONDS.toMillis(b - a));
            }
        }
        out.sort(null);
        return out;
    }
}
