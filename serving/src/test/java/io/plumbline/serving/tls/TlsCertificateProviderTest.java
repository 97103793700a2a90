package io.plumbline.serving.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plumbline.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file reader behind TLS, on a Kubernetes-style secret mount: {@code tls.crt} and
 * {@code tls.key} are symlinks through {@code ..data}, and an update swaps {@code ..data} to a new
 * directory in one rename, so the file names themselves never change.
 */
class TlsCertificateProviderTest {
    @TempDir
    Path dir;

    @Test
    void aSecretMountUpdate_isPickedUp_andABrokenUpdateKeepsThePreviousCertificate() throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        certs.ca("ca");
        certs.leaf("first", "ca", "localhost", 0x61, true, false);
        certs.leaf("second", "ca", "localhost", 0x62, true, true);
        Path mount = Files.createDirectories(dir.resolve("mount"));
        publish(mount, "..2026_a", "first");
        Files.createSymbolicLink(mount.resolve("tls.crt"), Path.of("..data/tls.crt"));
        Files.createSymbolicLink(mount.resolve("tls.key"), Path.of("..data/tls.key"));
        TlsConfig config = new TlsConfig(true, mount.resolve("tls.crt").toString(), mount.resolve("tls.key").toString(),
                null, "none", Duration.ofMillis(100));
        try (TlsCertificateProvider provider = new TlsCertificateProvider(config)) {
            assertEquals(0x61, provider.current().certificate().getSerialNumber().intValue());

            publish(mount, "..2026_b", "second");
            Await.until(() -> provider.current().certificate().getSerialNumber().intValue() == 0x62,
                    Duration.ofSeconds(30), () -> "serial " + provider.current().certificate().getSerialNumber());

            // A key that does not parse: the poll keeps the certificate in use and does not throw.
            Path broken = Files.createDirectories(mount.resolve("..2026_c"));
            Files.copy(certs.file("first.crt"), broken.resolve("tls.crt"));
            Files.writeString(broken.resolve("tls.key"), "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
            swap(mount, "..2026_c");
            provider.poll();
            assertEquals(0x62, provider.current().certificate().getSerialNumber().intValue());
        }
    }

    /** Writes a secret version directory and points {@code ..data} at it, as the kubelet does. */
    private void publish(Path mount, String version, String name) throws Exception {
        Path v = Files.createDirectories(mount.resolve(version));
        Files.copy(dir.resolve(name + ".crt"), v.resolve("tls.crt"));
        Files.copy(dir.resolve(name + ".key"), v.resolve("tls.key"));
        swap(mount, version);
    }

    private static void swap(Path mount, String version) throws Exception {
        Path tmp = mount.resolve("..data_tmp");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, Path.of(version));
        Files.move(tmp, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
