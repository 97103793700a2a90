package io.plumbline.serving.tls;

import io.micronaut.http.ssl.CertificateProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The TLS key and client-CA material from {@code plumbline.tls.*}, re-read when the files change.
 *
 * <p>Polled, not watched: the files are compared by content every {@code reload-interval}. A
 * file watcher misses Kubernetes' secret updates (the mount swaps a {@code ..data} symlink; the
 * file names never see an event) and files in different directories; reading three small files
 * every few seconds costs nothing. A change is taken only when all files parse and the key
 * belongs to the certificate, so a rotation caught between writing the key and writing the
 * certificate keeps the previous material until the next poll; the start-up reading must succeed.
 *
 * <p>Micronaut's HTTP server subscribes to {@link #getKeyStore()} and {@link #getTrustStore()} by
 * this bean's name and builds a new SSL context per emission; the gRPC server reads {@link
 * #current()} per handshake through {@link ReloadingKeyManager} and {@link ReloadingTrustManager}.
 * Connections already open keep the certificate they were made with.
 */
public final class TlsCertificateProvider implements CertificateProvider, AutoCloseable {
    static final String NAME = "plumbline-tls";
    private static final Logger LOG = LoggerFactory.getLogger(TlsCertificateProvider.class);

    private final TlsConfig config;
    private final AtomicReference<TlsMaterial> current = new AtomicReference<>();
    /** The reading before the current one, for handshakes that started on it. */
    private volatile TlsMaterial previous;
    private final Sinks.Many<KeyStore> keys = Sinks.many().replay().latest();
    private final Sinks.Many<KeyStore> trust = Sinks.many().replay().latest();
    private final ScheduledExecutorService poller;
    private byte[] digest;

    TlsCertificateProvider(TlsConfig config) {
        config.validate();
        this.config = config;
        try {
            reload();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS: cannot load plumbline.tls.cert/key/client-ca: " + e.getMessage(), e);
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plumbline-tls-reload");
            t.setDaemon(true);
            return t;
        });
        long ms = config.reloadInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
        LOG.info("TLS on: certificate {} (serial {}), client certificates {}, files checked every {}",
                current().certificate().getSubjectX500Principal(), current().certificate().getSerialNumber().toString(16),
                config.clientAuthentication() == null ? "not requested" : config.clientAuth() + " (CA " + config.clientCa()
                        + ")", config.reloadInterval());
    }

    /** The material new handshakes use. */
    TlsMaterial current() {
        return current.get();
    }

    /** The material of a generation that may just have been replaced; the current one otherwise. */
    TlsMaterial generation(long generation) {
        TlsMaterial p = previous;
        return p != null && p.generation() == generation ? p : current.get();
    }

    /** One check of the files; package-private so a test can poll without waiting for the schedule. */
    void poll() {
        try {
            if (reload()) {
                LOG.info("TLS: reloaded; new connections get certificate {} (serial {})",
                        current().certificate().getSubjectX500Principal(),
                        current().certificate().getSerialNumber().toString(16));
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.warn("TLS: the files changed but cannot be used ({}); keeping the previous certificate", e.getMessage());
        }
    }

    /** @return true when the files changed and the new material is in use */
    private synchronized boolean reload() throws IOException, GeneralSecurityException {
        byte[] cert = Files.readAllBytes(config.certPath());
        byte[] key = Files.readAllBytes(config.keyPath());
        Path caPath = config.clientCaPath();
        byte[] ca = caPath == null ? new byte[0] : Files.readAllBytes(caPath);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (byte[] part : new byte[][] {cert, key, ca}) {
            md.update(Integer.toString(part.length).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            md.update(part);
        }
        byte[] d = md.digest();
        if (Arrays.equals(d, digest)) {
            return false;
        }
        TlsMaterial before = current.get();
        TlsMaterial next = TlsMaterial.of(before == null ? 1 : before.generation() + 1, PemMaterial.keyStore(cert, key),
                caPath == null ? null : PemMaterial.trustStore(ca));
        digest = d;
        previous = before;
        current.set(next);
        keys.tryEmitNext(next.keyStore());
        if (next.trustStore() != null) {
            trust.tryEmitNext(next.trustStore());
        }
        return true;
    }

    @Override
    public Publisher<KeyStore> getKeyStore() {
        return keys.asFlux();
    }

    @Override
    public Publisher<KeyStore> getTrustStore() {
        return config.clientCaPath() == null ? Flux.empty() : trust.asFlux();
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
