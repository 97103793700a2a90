package io.plumbline.serving.connection;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyEmbeddedServer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.plumbline.serving.config.HttpConnectionConfig;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the connection guards into every HTTP connection Micronaut accepts: the connection cap
 * here, and after the HTTP/1 codec the 414/431 answers and the header and body deadlines. Registered
 * on the server as it is created ({@code doOnConnect}: Micronaut 4.10 ignores pipeline listener beans),
 * so {@link #onConnect} runs once a connection's pipeline is built.
 */
@Singleton
final class ConnectionGuards implements BeanCreatedEventListener<NettyEmbeddedServer> {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuards.class);
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("plumbline.connection.counted");

    private final HttpConnectionConfig config;
    private final int maxInitialLine;
    private final int maxHeaderSize;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger refusedSinceWarning = new AtomicInteger();
    private volatile long lastWarning;

    /**
     * The two Netty sizes are read as values: NettyHttpServerConfiguration itself takes the pipeline
     * listeners, so injecting it here would be a cycle. Defaults are Micronaut's.
     */
    ConnectionGuards(HttpConnectionConfig config,
            @Value("${micronaut.server.netty.max-initial-line-length:4096}") int maxInitialLine,
            @Value("${micronaut.server.netty.max-header-size:8192}") int maxHeaderSize) {
        this.config = config;
        this.maxInitialLine = maxInitialLine;
        this.maxHeaderSize = maxHeaderSize;
    }

    @Override
    public NettyEmbeddedServer onCreated(BeanCreatedEvent<NettyEmbeddedServer> event) {
        NettyEmbeddedServer server = event.getBean();
        server.doOnConnect(this::onConnect);
        return server;
    }

    ChannelPipeline onConnect(ChannelPipeline pipeline) {
        Channel channel = pipeline.channel();
        if (channel.attr(COUNTED).setIfAbsent(Boolean.TRUE) == null) {
            int now = open.incrementAndGet();
            channel.closeFuture().addListener(f -> open.decrementAndGet());
            if (now > config.maxConnections()) {
                refuse(pipeline);
                return pipeline;
            }
        }
        String codec = ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC;
        if (pipeline.get(codec) != null) {
            pipeline.addAfter(codec, "plumbline-oversized-requests",
                    new OversizedRequests(maxInitialLine, maxHeaderSize));
            pipeline.addAfter("plumbline-oversized-requests", "plumbline-request-deadlines",
                    new RequestDeadlines(config.headerTimeout().toNanos(), config.bodyTimeout().toNanos(),
                            config.bodyMinRate(), System::nanoTime));
        }
        return pipeline;
    }

    /** 503 written below every handler (the codec has seen no request to answer), then closed. */
    private void refuse(ChannelPipeline pipeline) {
        warn();
        Channel channel = pipeline.channel();
        if (pipeline.get(SslHandler.class) != null) {
            // Plain bytes would reach a TLS client as garbage: it sees the connection close instead.
            channel.close();
            return;
        }
        // From the first handler's context, so the bytes pass no encoder on their way out.
        pipeline.firstContext().writeAndFlush(RawAnswer.bytes(HttpResponseStatus.SERVICE_UNAVAILABLE, "the server has "
                + config.maxConnections() + " connections open (plumbline.http.max-connections); retry later"))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** At most one warning a minute, with the count refused since the last one. */
    private void warn() {
        int refused = refusedSinceWarning.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastWarning > 60_000_000_000L || lastWarning == 0) {
            lastWarning = now;
            refusedSinceWarning.addAndGet(-refused);
            LOG.warn("Refused {} HTTP connection(s): {} open is the limit (plumbline.http.max-connections)", refused,
                    config.maxConnections());
        }
    }
}
