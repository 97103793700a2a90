package io.plumbline.serving.tls;

import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.ssl.ServerSslConfiguration;
import jakarta.inject.Singleton;

/**
 * Turns {@code plumbline.tls.*} into Micronaut's server SSL settings (application.yml switches
 * {@code micronaut.server.ssl.enabled} from {@code plumbline.tls.enabled}): HTTPS on the HTTP port
 * ({@code micronaut.server.port}; plain HTTP is then off, so nothing is served unencrypted by
 * mistake), key and client-CA material from {@link TlsCertificateProvider} by name, which
 * Micronaut reloads on each emission. Users configure one set of keys for REST and gRPC.
 */
@Singleton
final class HttpTlsSetup implements BeanCreatedEventListener<ServerSslConfiguration> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpTlsSetup.class);
    private final TlsConfig config;
    private final Environment environment;

    HttpTlsSetup(TlsConfig config, Environment environment) {
        this.config = config;
        this.environment = environment;
    }

    @Override
    public ServerSslConfiguration onCreated(BeanCreatedEvent<ServerSslConfiguration> event) {
        ServerSslConfiguration ssl = event.getBean();
        if (!config.enabled()) {
            if (config.filesNamed()) {
                LOG.warn("plumbline.tls.cert/key are set but plumbline.tls.enabled is false: REST and gRPC are plaintext");
            }
            return ssl;
        }
        config.validate();
        ssl.setEnabled(true);
        ssl.setPort(environment.getProperty("micronaut.server.port", Integer.class).orElse(8080));
        ssl.setKeyName(TlsCertificateProvider.NAME);
        if (config.clientAuthentication() != null) {
            ssl.setTrustName(TlsCertificateProvider.NAME);
            ssl.setClientAuthentication(config.clientAuthentication());
        }
        return ssl;
    }
}
