package io.plumbline.serving.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * One HTTP/1.1 connection's share of the {@link DirectInferRoute}, between the codec and Micronaut's
 * handler, all on the connection's event loop. It keeps HTTP/1.1's one rule that two routes could
 * break, answers in request order:
 * <ul>
 *   <li>a call is taken only when every request handed to Micronaut on this connection has been
 *       answered (seen from the responses Micronaut writes through this handler);</li>
 *   <li>while a taken call is answered, what arrives next (a pipelined request) is held, and
 *       Micronaut's requests for more input are held back, until the answer is written;</li>
 *   <li>a close asked for while a call is answered (Micronaut's graceful shutdown closes the
 *       connections it thinks idle) waits for the answer, so a drain never cuts a call being answered.</li>
 * </ul>
 */
final class DirectInferHandler extends ChannelDuplexHandler {
    private final DirectInferRoute route;
    private final long maxBody;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    /** Requests handed to Micronaut whose final response has not been written yet. */
    private int micronautOpen;
    /** The current request's body goes to Micronaut. */
    private boolean passing;
    /** The response Micronaut is writing is a 1xx (100 Continue), not the final one. */
    private boolean informational;
    /** A call this route takes, while its body arrives. */
    private DirectRequest reading;
    private boolean answering;
    private boolean readHeld;
    /** The answer for a call refused at its headers (its body is read and dropped, not kept). */
    private FullHttpResponse refused;
    /** The held calls are being replayed: an answer given during the replay leaves the rest to it. */
    private boolean replaying;
    /** A malformed body was seen: the connection is closing, everything else is dropped. */
    private boolean broken;
    private ChannelPromise deferredClose;

    DirectInferHandler(DirectInferRoute route, long maxBody) {
        this.route = route;
        this.maxBody = maxBody;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (broken) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (answering || !held.isEmpty()) {
            held.add(msg);
            return;
        }
        accept(ctx, msg);
    }

    /** Takes or passes one message; true when it went to Micronaut. */
    private boolean accept(ChannelHandlerContext ctx, Object msg) {
        if (broken) {
            ReferenceCountUtil.release(msg);
            return false;
        }
        if (reading != null) {
            body(ctx, msg);
            return false;
        }
        if (!passing && msg instanceof HttpRequest request) {
            DirectRequest direct = micronautOpen == 0 && deferredClose == null ? DirectRequest.of(request, maxBody)
                    : null;
            if (direct != null) {
                reading = direct;
                // The caller is checked at the headers, as Micronaut's filter does: a refused body is not kept.
                refused = route.refusal(ctx, direct);
                if (refused != null) {
                    direct.discard();
                }
                if (msg instanceof HttpContent) {
                    body(ctx, msg);
                }
                return false;
            }
            micronautOpen++;
            passing = true;
        }
        if (passing && msg instanceof LastHttpContent) {
            passing = false;
        }
        ctx.fireChannelRead(msg);
        return true;
    }

    private void body(ChannelHandlerContext ctx, Object msg) {
        boolean last = msg instanceof LastHttpContent;
        boolean fits;
        try {
            fits = msg instanceof HttpContent content && content.decoderResult().isSuccess()
                    && reading.append(content.content());
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (!fits) {
            // Not a body the codec should have let through: nothing sane can follow on this connection.
            broken = true;
            reading = null;
            releaseRefused();
            discardHeld();
            ctx.close();
            return;
        }
        if (last) {
            DirectRequest request = reading;
            reading = null;
            answering = true;
            if (refused != null) {
                FullHttpResponse refusal = refused;
                refused = null;
                answered(ctx, request, refusal);
            } else {
                route.answer(ctx, request, response -> answered(ctx, request, response));
            }
        }
    }

    private void answered(ChannelHandlerContext ctx, DirectRequest request, FullHttpResponse response) {
        answering = false;
        if (!ctx.channel().isActive()) {
            response.release();
            discardHeld();
            return;
        }
        boolean close = !request.keepAlive() || deferredClose != null;
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture written = ctx.writeAndFlush(response);
        if (close) {
            ChannelPromise promise = deferredClose;
            deferredClose = null;
            written.addListener(f -> ctx.close(promise == null ? ctx.newPromise() : promise));
            discardHeld();
            return;
        }
        written.addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        if (!replaying) {
            replayHeld(ctx);
        }
    }

    /**
     * Hands on what arrived while a call was answered, in order, until another call is being answered.
     * One loop, not one nested call per pipelined request: a call answered at once (inline, or refused)
     * returns here rather than replaying the rest itself.
     */
    private void replayHeld(ChannelHandlerContext ctx) {
        boolean forwarded = false;
        replaying = true;
        try {
            while (!answering && !held.isEmpty()) {
                forwarded |= accept(ctx, held.poll());
            }
        } finally {
            replaying = false;
        }
        if (forwarded) {
            ctx.fireChannelReadComplete();
        }
        if (!answering && readHeld) {
            readHeld = false;
            ctx.read();
        }
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (answering) {
            // Micronaut, idle, asks for more; what came would only be held: wait for the answer.
            readHeld = true;
            return;
        }
        ctx.read();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        }
        if (msg instanceof LastHttpContent) {
            if (informational) {
                informational = false;
            } else if (micronautOpen > 0) {
                micronautOpen--;
            }
        }
        ctx.write(msg, promise);
    }

    /**
     * Defers a close while a taken call is answered (Micronaut's graceful shutdown closes the
     * connections it thinks idle), so the drain does not cut the answer. A close while a body arrives
     * happens at once, whoever asks (the body deadline's 408, the drain): that body may never come, and
     * the call has had no effect yet.
     */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (answering) {
            if (deferredClose == null) {
                deferredClose = promise;
            } else {
                ctx.channel().closeFuture().addListener(f -> promise.trySuccess());
            }
            return;
        }
        ctx.close(promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        dropPending();
        if (deferredClose != null) {
            // The peer closed first: the close asked for has happened.
            deferredClose.trySuccess();
            deferredClose = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        dropPending();
    }

    /** The connection is gone: what it was reading, its refusal not yet sent, and what it held. */
    private void dropPending() {
        reading = null;
        releaseRefused();
        discardHeld();
    }

    private void releaseRefused() {
        if (refused != null) {
            refused.release();
            refused = null;
        }
    }

    private void discardHeld() {
        Object msg;
        while ((msg = held.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }
}
