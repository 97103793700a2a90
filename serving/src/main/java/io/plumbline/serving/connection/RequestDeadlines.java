package io.plumbline.serving.connection;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Deadlines for a request's headers and body, so a client that trickles a byte now and then (the
 * slowloris attack) cannot hold a connection for ever: Micronaut's idle timeout resets on every
 * byte. One instance per connection, after the HTTP codec, all on the connection's event loop.
 *
 * <p>Headers: a connection's first request must have sent its headers {@code headerTimeout} after
 * the connection opened; a later request, {@code headerTimeout} after its first bytes arrived
 * (between requests the idle timeout applies). Body: {@code bodyTimeout} after the headers, plus
 * 1/{@code minRate} seconds per byte received, so a client keeping at least that rate is never cut
 * (the rule of Apache's mod_reqtimeout). The time a request spends being answered is not limited here.
 * A client that misses a deadline gets 408 and the connection is closed.
 */
final class RequestDeadlines extends ChannelInboundHandlerAdapter {
    private enum Phase { HEADERS, BODY, BETWEEN }

    private final long headerNanos;
    private final long bodyNanos;
    private final long minRate;
    private final LongSupplier clock;
    private Phase phase = Phase.HEADERS;
    private boolean requestJustEnded;
    private long bodyStart;
    private long received;
    private ScheduledFuture<?> timer;

    RequestDeadlines(long headerNanos, long bodyNanos, long minRate, LongSupplier clock) {
        this.headerNanos = headerNanos;
        this.bodyNanos = bodyNanos;
        this.minRate = minRate;
        this.clock = clock;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Added while the connection is set up: it is open already, so the header deadline starts now.
        startHeaders(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            cancel();
            phase = Phase.BODY;
            bodyStart = clock.getAsLong();
            received = 0;
            if (bodyNanos > 0 && !(msg instanceof LastHttpContent)) {
                schedule(ctx, bodyNanos, this::checkBody);
            }
        }
        if (msg instanceof HttpContent content && phase == Phase.BODY) {
            received += content.content().readableBytes();
            if (msg instanceof LastHttpContent) {
                cancel();
                phase = Phase.BETWEEN;
                requestJustEnded = true;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Bytes arrived. Between requests they begin the next one's headers, unless they were the
        // read that ended the last request.
        if (phase == Phase.BETWEEN) {
            if (requestJustEnded) {
                requestJustEnded = false;
            } else {
                phase = Phase.HEADERS;
                startHeaders(ctx);
            }
        }
        ctx.fireChannelReadComplete();
    }

    private void startHeaders(ChannelHandlerContext ctx) {
        if (headerNanos > 0 && timer == null) {
            schedule(ctx, headerNanos, c -> expire(c, "request headers did not arrive within "
                    + seconds(headerNanos) + " (plumbline.http.header-timeout)"));
        }
    }

    private void checkBody(ChannelHandlerContext ctx) {
        timer = null;
        long earned = minRate > 0 ? TimeUnit.SECONDS.toNanos(received) / minRate : 0;
        long left = bodyStart + bodyNanos + earned - clock.getAsLong();
        if (left > 0) {
            schedule(ctx, left, this::checkBody);
        } else {
            expire(ctx, "request body did not arrive within " + seconds(bodyNanos) + " at " + minRate
                    + " bytes/s or more (plumbline.http.body-timeout, plumbline.http.body-min-rate)");
        }
    }

    private void expire(ChannelHandlerContext ctx, String why) {
        timer = null;
        ctx.writeAndFlush(RawAnswer.response(HttpResponseStatus.REQUEST_TIMEOUT, why))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void schedule(ChannelHandlerContext ctx, long nanos, java.util.function.Consumer<ChannelHandlerContext> task) {
        timer = ctx.executor().schedule(() -> task.accept(ctx), nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static String seconds(long nanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
