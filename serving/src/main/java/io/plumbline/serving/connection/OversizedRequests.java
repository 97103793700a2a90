package io.plumbline.serving.connection;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers a request line over {@code max-initial-line-length} with 414 and a header block over
 * {@code max-header-size} with 431 (RFC 9110 15.5.15, RFC 6585 5). Micronaut answers both 413, as
 * it does any {@code TooLongFrameException}, which tells a client its body was too large when it
 * was the URL or a header. Sits right after the HTTP codec, which reports the cause in the decoded
 * request's {@code decoderResult()}; everything after a refused request is dropped, as the
 * connection closes once the answer is written.
 */
final class OversizedRequests extends ChannelInboundHandlerAdapter {
    private final int maxInitialLine;
    private final int maxHeaderSize;
    private boolean refused;

    OversizedRequests(int maxInitialLine, int maxHeaderSize) {
        this.maxInitialLine = maxInitialLine;
        this.maxHeaderSize = maxHeaderSize;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            if (cause instanceof TooLongHttpLineException) {
                refuse(ctx, msg, HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line (method, path and query) is "
                        + "longer than " + maxInitialLine + " bytes (micronaut.server.netty.max-initial-line-length)");
                return;
            }
            if (cause instanceof TooLongHttpHeaderException) {
                refuse(ctx, msg, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers are larger "
                        + "than " + maxHeaderSize + " bytes (micronaut.server.netty.max-header-size)");
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void refuse(ChannelHandlerContext ctx, Object msg, HttpResponseStatus status, String message) {
        refused = true;
        ReferenceCountUtil.release(msg);
        ctx.writeAndFlush(RawAnswer.response(status, message)).addListener(ChannelFutureListener.CLOSE);
    }
}
