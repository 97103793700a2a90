package io.plumbline.serving.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.testing.Await;
import io.plumbline.testing.ChildProcess;
import io.plumbline.testing.Directories;
import io.plumbline.testing.FreePorts;
import io.plumbline.testing.ServingProcess;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged jar's start: the one summary it logs (with the bind address it was given), and
 * {@code plumbline.readiness.fail-at-start} ending the process with status 1 and one log line when the
 * repository is empty or unreachable.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StartupIT {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);

    private Path dir;
    private ServingProcess serving;

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory("plumbline-startup");
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (serving != null) {
            serving.close();
        }
        Directories.deleteRecursively(dir);
    }

    @Test
    void summary_saysWhereItListensWhatItServesAndHow() throws Exception {
        Path repo = ShutdownIT.weatherRepository(dir);
        serving = ServingProcess.start(ShutdownIT.JAR, "file:" + repo, Map.of("MICRONAUT_SERVER_HOST", "127.0.0.1",
                "GRPC_SERVER_HOST", "127.0.0.1", "PLUMBLINE_REPOSITORY_API_ENABLED", "true",
                "PLUMBLINE_SHUTDOWN_GRACE_PERIOD", "0s"), dir);
        Await.until(() -> serving.log().contains("readiness ("), Duration.ofSeconds(60), () -> "the summary\n" + serving.log());
        String log = serving.log();

        assertEquals(1, count(log, "Plumbline serving started"), "one summary:\n" + log);
        String summary = log.substring(log.indexOf("Plumbline serving started"));
        List<String> lines = summary.lines().limit(7).toList();
        assertEquals("  listening: HTTP 127.0.0.1:" + serving.httpPort() + ", gRPC 127.0.0.1:" + serving.grpcPort()
                + "; TLS off", lines.get(1), summary);
        assertTrue(Pattern.matches(Pattern.quote("  repository: " + repo.toUri() + " (polled every 10s): "
                + "1 model version(s) loaded in ") + "\\d+ ms", lines.get(2)), lines.get(2));
        assertEquals("    weather version(s) 1: monitored (reference profile found)", lines.get(3));
        assertEquals("  events: embedded (in-process queue); drift monitor: embedded, 5m windows", lines.get(4));
        assertEquals("  security: authentication off, repository API on", lines.get(5));
        assertEquals("  readiness (any model version loaded): ready", lines.get(6));

        // The bind address is real: another address of this machine is refused.
        Optional<InetAddress> other = nonLoopbackAddress();
        if (other.isPresent()) {
            for (int port : new int[] {serving.httpPort(), serving.grpcPort()}) {
                assertThrows(ConnectException.class, () -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(other.get(), port), 2000);
                    }
                }, other.get() + ":" + port + " must not answer");
            }
        }
    }

    @Test
    void failAtStart_withAnEmptyRepository_exits1WithOneLine() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("models"));
        assertFailsAtStart("file:" + repo,
                "Not starting: no model version loaded from " + repo.toUri() + " (0 model(s) found) "
                        + "(plumbline.readiness.fail-at-start is true)");
    }

    @Test
    void failAtStart_withAnUnreachableRepository_exits1WithOneLine() throws Exception {
        Path missing = dir.resolve("no-such-dir");
        assertFailsAtStart("file:" + missing,
                "Not starting: no model version loaded from " + missing.toUri() + ": the repository cannot be listed: "
                        + "model repository " + missing + " does not exist or is not a directory "
                        + "(set plumbline.registry.uri / PLUMBLINE_REGISTRY_URI) (plumbline.readiness.fail-at-start is true)");
    }

    private void assertFailsAtStart(String uri, String expected) throws Exception {
        int[] ports = FreePorts.loopback(2);
        Path log = dir.resolve("serving.log");
        try (ChildProcess p = ChildProcess.start("serving", ChildProcess.java("-Xmx512m", "-Dai.djl.offline=true",
                "-jar", ShutdownIT.JAR.toString()), Map.of("PLUMBLINE_REGISTRY_URI", uri,
                "MICRONAUT_SERVER_PORT", Integer.toString(ports[0]), "GRPC_SERVER_PORT", Integer.toString(ports[1]),
                "PLUMBLINE_READINESS_FAIL_AT_START", "true"), dir, log)) {
            assertEquals(1, p.await(EXIT_TIMEOUT), p.tail(40));
        }
        String out = Files.readString(log);
        List<String> errors = out.lines().filter(l -> l.contains(" ERROR ")).toList();
        assertEquals(1, errors.size(), out);
        assertTrue(errors.get(0).endsWith(" ERROR i.p.s.r.ModelStartup - " + expected), errors.get(0));
        assertTrue(out.lines().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")), "no stack trace:\n" + out);
        assertEquals(0, count(out, "Plumbline serving started"), "no summary of a server that is not starting");
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
