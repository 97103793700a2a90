package io.plumbline.serving.tls;

import io.grpc.ServerBuilder;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.ssl.ClientAuthentication;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import jakarta.inject.Singleton;
import javax.net.ssl.SSLException;

/**
 * TLS for the gRPC server from the same files as REST. The SslContext is built once; the key and
 * trust managers inside it read the newest material per handshake, so a rotation reaches new
 * gRPC connections without rebuilding the server. The JDK provider, not OpenSSL: it asks the key
 * manager on every handshake, which is what makes the reload work.
 */
@Singleton
final class GrpcTlsSetup implements BeanCreatedEventListener<ServerBuilder<?>> {
    private final TlsConfig config;
    private final BeanProvider<TlsCertificateProvider> provider;

    GrpcTlsSetup(TlsConfig config, BeanProvider<TlsCertificateProvider> provider) {
        this.config = config;
        this.provider = provider;
    }

    @Override
    public ServerBuilder<?> onCreated(BeanCreatedEvent<ServerBuilder<?>> event) {
        ServerBuilder<?> builder = event.getBean();
        if (!config.enabled()) {
            return builder;
        }
        config.validate();
        if (!(builder instanceof NettyServerBuilder netty)) {
            throw new IllegalStateException("TLS for gRPC needs grpc-netty's NettyServerBuilder, got "
                    + builder.getClass().getName());
        }
        TlsCertificateProvider tls = provider.get();
        SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forServer(new ReloadingKeyManager(tls)),
                SslProvider.JDK);
        ClientAuthentication auth = config.clientAuthentication();
        if (auth != null) {
            ssl.trustManager(new ReloadingTrustManager(tls));
            ssl.clientAuth(auth == ClientAuthentication.NEED ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        }
        try {
            netty.sslContext(ssl.build());
        } catch (SSLException e) {
            throw new IllegalStateException("TLS for gRPC: " + e.getMessage(), e);
        }
        return builder;
    }
}
