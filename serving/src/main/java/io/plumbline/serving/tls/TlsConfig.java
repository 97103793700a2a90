package io.plumbline.serving.tls;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.http.ssl.ClientAuthentication;
import java.nio.file.Path;
import io.plumbline.monitor.config.Require;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code plumbline.tls.*}. Plain HTTP and plaintext gRPC unless {@code enabled}.
 *
 * @param enabled TLS on both servers. A flag of its own, not implied by {@code cert}: Micronaut
 *     decides whether its HTTP server speaks TLS from a property ({@code micronaut.server.ssl.enabled},
 *     which application.yml sets from this one) before any bean could look at the files
 * @param cert PEM certificate chain, the server's certificate first
 * @param key PEM private key: PKCS#8 ({@code BEGIN PRIVATE KEY}) or RSA PKCS#1
 * @param clientCa PEM certificates of the CAs whose client certificates are accepted (mTLS)
 * @param clientAuth {@code none}, {@code optional} (a certificate is verified when a client sends
 *     one) or {@code required} (a client without a valid certificate is refused in the handshake)
 * @param reloadInterval how often the files are checked for changes
 */
@ConfigurationProperties("plumbline.tls")
public record TlsConfig(
        @Bindable(defaultValue = "false") boolean enabled,
        @Nullable String cert,
        @Nullable String key,
        @Nullable String clientCa,
        @Bindable(defaultValue = "none") String clientAuth,
        @Bindable(defaultValue = "10s") Duration reloadInterval) {

    public TlsConfig {
        if (clientAuth != null && !clientAuth.isBlank()) {
            Require.oneOf("plumbline.tls.client-auth", clientAuth, List.of("none", "optional", "required"));
        }
        Require.positive("plumbline.tls.reload-interval", reloadInterval, "10s");
    }

    /** Whether certificate files are named, with TLS on or not (a plaintext server with them is suspicious). */
    boolean filesNamed() {
        return present(cert) || present(key);
    }

    Path certPath() {
        return Path.of(cert.trim());
    }

    Path keyPath() {
        return Path.of(key.trim());
    }

    /** Null when no client CA is configured. */
    Path clientCaPath() {
        return present(clientCa) ? Path.of(clientCa.trim()) : null;
    }

    /** Null for {@code none}. */
    ClientAuthentication clientAuthentication() {
        return switch (clientAuth == null ? "none" : clientAuth.trim().toLowerCase(Locale.ROOT)) {
            case "", "none" -> null;
            case "optional" -> ClientAuthentication.WANT;
            case "required" -> ClientAuthentication.NEED;
            default -> throw new IllegalArgumentException("plumbline.tls.client-auth must be none, optional or required, "
                    + "got '" + clientAuth + "'");
        };
    }

    /** Refuses settings that would silently serve without the protection they name. */
    void validate() {
        if (!present(cert) || !present(key)) {
            throw new IllegalArgumentException("plumbline.tls.enabled needs plumbline.tls.cert and plumbline.tls.key (got cert="
                    + cert + ", key=" + key + ")");
        }
        ClientAuthentication auth = clientAuthentication();
        if (auth != null && clientCaPath() == null) {
            throw new IllegalArgumentException("plumbline.tls.client-auth=" + clientAuth
                    + " needs plumbline.tls.client-ca, the CA certificates client certificates are checked against");
        }
        if (auth == null && clientCaPath() != null) {
            throw new IllegalArgumentException("plumbline.tls.client-ca is set but plumbline.tls.client-auth is none: "
                    + "set it to optional or required, or remove client-ca");
        }
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("plumbline.tls.reload-interval must be positive, got " + reloadInterval);
        }
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
