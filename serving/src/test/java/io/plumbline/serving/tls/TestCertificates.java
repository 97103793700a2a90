package io.plumbline.serving.tls;

import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import io.plumbline.serving.http.TestRepository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made with the openssl command line (as in CI's Debian), independent of the code
 * under test: a CA, server and client certificates it signs, and PKCS#12 bundles the JDK client
 * loads without our PEM reader.
 */
final class TestCertificates {
    private final Path dir;

    TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A self-signed EC P-256 CA: {@code <name>.crt}, {@code <name>.key}. */
    Path ca(String name) throws IOException {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".crt", "-days", "2", "-subj", "/CN=" + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return dir.resolve(name + ".crt");
    }

    /**
     * A certificate for {@code localhost} / {@code 127.0.0.1} (server) or a client, signed by
     * {@code ca}, with the given serial. {@code rsaPkcs1} gives an RSA key in PKCS#1 PEM
     * ({@code BEGIN RSA PRIVATE KEY}, cert-manager's default); else EC P-256 in PKCS#8.
     */
    Path leaf(String name, String ca, String cn, long serial, boolean server, boolean rsaPkcs1) throws IOException {
        if (rsaPkcs1) {
            openssl("genrsa", "-traditional", "-out", name + ".key", "2048");
        } else {
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
        }
        openssl("req", "-new", "-key", name + ".key", "-out", name + ".csr", "-subj", "/O=Plumbline tests/CN=" + cn);
        Files.writeString(dir.resolve(name + ".ext"), server
                ? "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
                : "extendedKeyUsage=clientAuth\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-set_serial",
                Long.toString(serial), "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
        openssl("pkcs12", "-export", "-inkey", name + ".key", "-in", name + ".crt", "-out", name + ".p12",
                "-passout", "pass:test");
        return dir.resolve(name + ".crt");
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** Replaces {@code target} the way a secret mount or cert-manager does: a whole new file at once. */
    void install(String source, Path target) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".tls", ".tmp");
        Files.copy(dir.resolve(source), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A JDK client context trusting {@code ca}, presenting {@code client} (its .p12) unless null. */
    SSLContext clientContext(String ca, String client) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve(ca + ".crt"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (client != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve(client + ".p12"))) {
                ks.load(in, "test".toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "test".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /**
     * A server on the given ports with TLS from these files, the test repository and the
     * client-identity probes.
     */
    static Map<String, String> serverProperties(int httpPort, int grpcPort, Path cert, Path key, Path clientCa,
            String clientAuth) {
        Map<String, String> p = new HashMap<>();
        p.put("spec.name", ClientIdentityProbes.SPEC);
        p.put("plumbline.registry.uri", TestRepository.create().toString());
        p.put("micronaut.server.port", Integer.toString(httpPort));
        p.put("grpc.server.port", Integer.toString(grpcPort));
        p.put("plumbline.tls.enabled", "true");
        p.put("plumbline.tls.cert", cert.toString());
        p.put("plumbline.tls.key", key.toString());
        p.put("plumbline.tls.client-ca", clientCa.toString());
        p.put("plumbline.tls.client-auth", clientAuth);
        // The identity probes are routes the authorization policy does not know, so it judges them as
        // the admin API, which is off unless turned on.
        p.put("plumbline.repository-api.enabled", "true");
        return p;
    }

    /** A grpc-netty channel over TLS trusting {@code ca.crt}, presenting {@code client} unless null. */
    ManagedChannel grpcChannel(int port, String client) throws IOException {
        SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(file("ca.crt").toFile());
        if (client != null) {
            ssl.keyManager(file(client + ".crt").toFile(), file(client + ".key").toFile());
        }
        return NettyChannelBuilder.forAddress("localhost", port).sslContext(ssl.build()).build();
    }

    static X509Certificate read(Path pem) throws IOException, GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
    }

    private void openssl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            p.destroyForcibly();
        }
    }
}
