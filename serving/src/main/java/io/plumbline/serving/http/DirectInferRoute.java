package io.plumbline.serving.http;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.convert.format.ReadableBytes;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.HttpCompressionStrategy;
import io.micronaut.http.server.netty.NettyEmbeddedServer;
import io.micronaut.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.plumbline.serving.config.HttpConnectionConfig;
import io.plumbline.serving.inference.InferenceException;
import io.plumbline.serving.inference.InferenceMetrics;
import io.plumbline.serving.inference.Status;
import io.plumbline.serving.security.Refusal;
import io.plumbline.serving.security.RestGate;
import io.plumbline.serving.tracing.NettyHeaderGetter;
import io.plumbline.serving.tracing.RequestTrace;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers plain HTTP/1.1 infer calls in the connection's pipeline, before Micronaut's router: the
 * profile put more of an infer call's server time in Micronaut's request lifecycle (routing, filters,
 * body streams, the response chain) than in decoding, inference and encoding together. What the
 * call needs from that lifecycle is done here with the same parts the controller uses: the
 * {@link RestGate} (authentication, scopes, rate limits), the {@link InferCall} (trace, codec,
 * inference service, metrics, events) and the V2 error body. A call this route does not take (see
 * {@link DirectInferHandler}) goes to Micronaut unchanged; so does every call when
 * {@code plumbline.http.direct-infer} is false.
 */
@Singleton
final class DirectInferRoute implements BeanCreatedEventListener<NettyEmbeddedServer> {
    private static final Logger LOG = LoggerFactory.getLogger(DirectInferRoute.class);
    static final String HANDLER = "plumbline-direct-infer";
    private static final byte[] INTERNAL_ERROR = ("{\"error\":\"" + UnexpectedErrors.MESSAGE + "\"}")
            .getBytes(StandardCharsets.UTF_8);

    private final HttpConnectionConfig config;
    private final long maxBody;
    private final RestGate gate;
    private final InferCall call;
    private final JsonMapper json;
    private final HttpDate date;
    private final ResponseCompression compression;
    private final InferenceMetrics metrics;
    private final LongAdder taken = new LongAdder();

    /**
     * @param maxRequestSize and {@code maxBufferSize}: a body over either is Micronaut's to refuse (413)
     */
    DirectInferRoute(HttpConnectionConfig config,
            @ReadableBytes @Value("${micronaut.server.max-request-size:10MB}") long maxRequestSize,
            @ReadableBytes @Value("${micronaut.server.max-request-buffer-size:10MB}") long maxBufferSize,
            RestGate gate, InferCall call, JsonMapper json, Provider<HttpCompressionStrategy> compression,
            InferenceMetrics metrics) {
        this.config = config;
        this.maxBody = Math.min(maxRequestSize, maxBufferSize);
        this.gate = gate;
        this.call = call;
        this.json = json;
        this.date = new HttpDate(Clock.systemUTC());
        this.compression = new ResponseCompression(compression);
        this.metrics = metrics;
    }

    @Override
    public NettyEmbeddedServer onCreated(BeanCreatedEvent<NettyEmbeddedServer> event) {
        NettyEmbeddedServer server = event.getBean();
        if (config.directInfer()) {
            server.doOnConnect(this::onConnect);
        }
        return server;
    }

    /** Right before Micronaut's handler, so the connection guards after the codec see every request first. */
    ChannelPipeline onConnect(ChannelPipeline pipeline) {
        String micronaut = ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND;
        if (pipeline.get(micronaut) != null && pipeline.get(HANDLER) == null
                && pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
            pipeline.addBefore(micronaut, HANDLER, new DirectInferHandler(this, maxBody));
        }
        return pipeline;
    }

    /** Calls taken by this route since start (tests tell the routes apart by it). */
    long taken() {
        return taken.sum();
    }

    /**
     * The refusal for a call whose caller may not infer on its model, checked at its headers (as
     * Micronaut's security filter does, so a refused body is never kept); null when it may go ahead.
     */
    FullHttpResponse refusal(ChannelHandlerContext ctx, DirectRequest request) {
        taken.increment();
        try {
            Refusal refusal = gate.checkInfer(request.model(), request.headers().get(HttpHeaderNames.AUTHORIZATION),
                    () -> peerCertificate(ctx));
            if (refusal == null) {
                return null;
            }
            FullHttpResponse response = error(request, refusal.status(), refusal.message());
            if (refusal.header() != null) {
                response.headers().set(refusal.header(), refusal.headerValue());
            }
            return response;
        } catch (RuntimeException e) {
            return failed(request, e);
        }
    }

    /**
     * Answers an admitted call through {@code done}, on the connection's event loop; {@code done} runs
     * exactly once whatever fails, since the connection waits for it.
     */
    void answer(ChannelHandlerContext ctx, DirectRequest request, Consumer<FullHttpResponse> done) {
        CompletableFuture<InferResponseBody.Encoded> result;
        try {
            HttpHeaders headers = request.headers();
            RequestTrace trace = call.trace(request.version(), headers, NettyHeaderGetter.INSTANCE);
            result = call.run(request.model(), request.version(), request.body(), headers.get(InferCall.HEADER_LENGTH),
                    trace, ctx.alloc());
        } catch (RuntimeException e) {
            done.accept(failed(request, e));
            return;
        }
        result.whenComplete((encoded, failure) -> {
            FullHttpResponse response;
            try {
                response = failure == null ? ok(request, encoded) : failed(request, failure);
            } catch (RuntimeException e) {
                // ok() released what it was given; the call is still answered.
                response = failed(request, e);
            }
            deliver(ctx, response, done);
        });
    }

    /** On the event loop; when it is gone (shutting down with its connections), the answer is released. */
    private static void deliver(ChannelHandlerContext ctx, FullHttpResponse response, Consumer<FullHttpResponse> done) {
        if (ctx.executor().inEventLoop()) {
            done.accept(response);
            return;
        }
        try {
            ctx.executor().execute(() -> done.accept(response));
        } catch (RejectedExecutionException e) {
            response.release();
        }
    }

    private FullHttpResponse ok(DirectRequest request, InferResponseBody.Encoded encoded) {
        FullHttpResponse response = response(HttpResponseStatus.OK, encoded.body());
        HttpHeaders headers = response.headers();
        if (encoded.binary()) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
            headers.set(InferCall.HEADER_LENGTH, Integer.toString(encoded.jsonLength()));
        } else {
            headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        try {
            return compression.apply(request.acceptEncoding(), response);
        } catch (RuntimeException e) {
            response.release();
            throw e;
        }
    }

    /** As {@link ErrorResponses} and {@link UnexpectedErrors} answer on Micronaut's route. */
    private FullHttpResponse failed(DirectRequest request, Throwable failure) {
        Throwable cause = InferenceException.unwrap(failure);
        if (cause instanceof InferenceException e) {
            return error(request, e.status().httpStatus(), e.getMessage());
        }
        LOG.error("Unexpected error answering POST {}", request.uri(), cause);
        metrics.record(InferenceMetrics.UNKNOWN, InferenceMetrics.UNKNOWN, InferCall.PROTOCOL, Status.INTERNAL.outcome(),
                0);
        return error(request, 500, UnexpectedErrors.MESSAGE);
    }

    private FullHttpResponse error(DirectRequest request, int status, String message) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(new ErrorBody(message));
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not write the error body for '{}'", message, e);
            body = INTERNAL_ERROR;
        }
        FullHttpResponse response = response(HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        try {
            return compression.apply(request.acceptEncoding(), response);
        } catch (RuntimeException e) {
            LOG.error("Could not compress an error answer", e);
            return response;
        }
    }

    private FullHttpResponse response(HttpResponseStatus status, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.DATE, date.now())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    /** The client certificate the TLS handshake verified, as Micronaut's request would report it. */
    private static Certificate peerCertificate(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length == 0 ? null : chain[0];
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
