package io.plumbline.reliability;

import io.plumbline.testing.Await;
import io.plumbline.testing.ChildProcess;
import io.plumbline.testing.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * S3Proxy 4.1.0 as a real child process ({@code java -cp <s3proxy.classpath> org.gaul.s3proxy.Main}), so a
 * scenario can SIGKILL it (the endpoint refuses connections), SIGSTOP it (connections are accepted by the
 * kernel and never answered), start it with another secret (it answers every request 403) or break its
 * store (it answers listings 500). Its objects live in a filesystem store that outlives the process, and
 * every start uses the same loopback port.
 */
final class S3ProxyChild implements AutoCloseable {
    static final String ACCESS_KEY = "plumbline-reliability";
    static final String SECRET_KEY = "plumbline-reliability-secret";
    /** Written by maven-dependency-plugin (build-classpath) at build time; see reliability/pom.xml. */
    private static final String CLASSPATH_RESOURCE = "s3proxy.classpath";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final int port;
    private final String classpath;
    private ChildProcess process;
    private boolean stopped;
    private Path brokenLink;

    private S3ProxyChild(Path dir, int port, String classpath) {
        this.dir = dir;
        this.port = port;
        this.classpath = classpath;
    }

    /** Starts S3Proxy on a free port with its store and log in {@code dir}, and waits until it answers. */
    static S3ProxyChild start(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("store"));
        S3ProxyChild s3 = new S3ProxyChild(dir, FreePorts.loopback(), classpath());
        s3.launch(SECRET_KEY);
        return s3;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts it again after {@link #sigkill()}: same port and store; {@code secret} is the key it checks. */
    void restart(String secret) {
        if (process.alive()) {
            throw new IllegalStateException(process + " is still running");
        }
        process.close();
        launch(secret);
    }

    void sigkill() {
        process.sigkill();
    }

    void sigstop() {
        process.sigstop();
        stopped = true;
    }

    void sigcont() {
        process.sigcont();
        stopped = false;
    }

    /**
     * Makes S3Proxy answer 500 InternalError to every listing under {@code bucket/prefix}, as a storage
     * back end failing underneath S3 would: a symbolic link pointing to itself in its filesystem store,
     * which it cannot walk. {@link #repairStore()} removes it.
     */
    void breakStore(String bucket, String prefix) throws IOException {
        Path loop = dir.resolve("store").resolve(bucket).resolve(prefix).resolve("loop");
        Files.createSymbolicLink(loop, loop);
        brokenLink = loop;
    }

    void repairStore() throws IOException {
        Files.deleteIfExists(brokenLink);
        brokenLink = null;
    }

    String tail() {
        return process.tail(20);
    }

    private void launch(String secret) {
        Path props = dir.resolve("s3proxy.properties");
        String text = String.join("\n",
                "s3proxy.endpoint=" + endpoint(),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + secret,
                // filesystem-nio2 is an alias of S3Proxy's own FilesystemNio2BlobStore (no jclouds in 4.x).
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + dir.resolve("store"), "");
        try {
            Files.writeString(props, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = ChildProcess.start("s3proxy", ChildProcess.java("-Xmx256m", "-XX:+UseSerialGC", "-cp", classpath,
                "org.gaul.s3proxy.Main", "--properties", props.toString()), Map.of(), dir, dir.resolve("s3proxy.log"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        ChildProcess p = process;
        // Any HTTP answer will do (an unsigned request gets 403): the server is listening and serving.
        Await.until(() -> {
            if (!p.alive()) {
                throw new AssertionError("S3Proxy exited during start-up\n" + p.tail(40));
            }
            try {
                http.send(HttpRequest.newBuilder(endpoint()).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return true;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, START_TIMEOUT, () -> "S3Proxy answering on " + endpoint() + "\n" + p.tail(40));
    }

    private static String classpath() throws IOException {
        try (InputStream in = S3ProxyChild.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing: it is written by the build "
                        + "(maven-dependency-plugin build-classpath in reliability/pom.xml); run the tests through Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        if (stopped && process.alive()) {
            process.sigcont();
        }
        process.close();
    }
}
