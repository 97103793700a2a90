package io.plumbline.serving.tls;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** The one reader of the TLS files, named so Micronaut's HTTP server finds it by key-name. */
@Factory
final class TlsFactory {
    @Singleton
    @Named(TlsCertificateProvider.NAME)
    @Requires(property = "plumbline.tls.enabled", value = "true")
    @Bean(preDestroy = "close")
    TlsCertificateProvider tlsCertificateProvider(TlsConfig config) {
        return new TlsCertificateProvider(config);
    }
}
