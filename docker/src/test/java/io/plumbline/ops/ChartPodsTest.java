package io.plumbline.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.testing.MarkdownCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The pods the chart renders, read back from helm template's YAML and held against the documents that
 * say what they need: probes (serving/SHUTDOWN.md, monitor/MONITOR.md), the shutdown grace period,
 * non-root and read-only containers, the model repository (model-loader/REGISTRY.md), secrets mounted so
 * that rotation reaches them (SECURITY.md), and environment variables that name real settings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartPodsTest {
    private static final Pattern DURATION = Pattern.compile("(\\d+)s");
    /** serving/SHUTDOWN.md: "plus a few seconds for the JVM to stop" (its example uses 5). */
    private static final int JVM_EXIT_SECONDS = 5;

    private List<RenderedChart> renderings;

    @BeforeAll
    void render() {
        renderings = ChartRenderings.all();
    }

    @TestFactory
    Stream<DynamicTest> servingProbes_useTheV2HealthEndpointsOnTheHttpPort() {
        return each(chart -> {
            JsonNode deployment = chart.one("Deployment", "serving");
            JsonNode c = RenderedChart.container(deployment, "serving");
            Map<String, String> env = RenderedChart.env(c);
            String scheme = "true".equals(env.get("PLUMBLINE_TLS_ENABLED")) ? "HTTPS" : "HTTP";
            int httpPort = Integer.parseInt(env.get("MICRONAUT_SERVER_PORT"));
            assertHttpProbe(c, "livenessProbe", "/v2/health/live", httpPort, scheme);
            assertHttpProbe(c, "startupProbe", "/v2/health/live", httpPort, scheme);
            JsonNode readiness = c.path("readinessProbe");
            if (readiness.has("grpc")) {
                assertEquals(Integer.parseInt(env.get("GRPC_SERVER_PORT")), readiness.path("grpc").path("port").asInt(),
                        chart + ": the gRPC readiness probe must check the gRPC port");
                assertEquals(8081, RenderedChart.containerPort(c, "grpc"));
            } else {
                assertHttpProbe(c, "readinessProbe", "/v2/health/ready", httpPort, scheme);
            }
            // SHUTDOWN.md: readiness must notice SIGTERM within the grace period, so traffic leaves in time.
            int notice = readiness.path("periodSeconds").asInt() * readiness.path("failureThreshold").asInt();
            assertTrue(notice < seconds(env.get("PLUMBLINE_SHUTDOWN_GRACE_PERIOD")),
                    chart + ": readiness notices a drain after " + notice + " s, after the grace period");
            JsonNode service = chart.one("Service", "serving");
            assertEquals(Set.of("http", "grpc"), portNames(service), chart + ": serving Service ports");
            assertEquals(httpPort, RenderedChart.containerPort(c, "http"));
        });
    }

    /** The readiness probe in the no-HPA values is gRPC health; the others keep HTTP. */
    @Test
    void grpcReadinessProbe_isRenderedOnlyWhenSwitchedOn() {
        JsonNode c = RenderedChart.container(ChartRenderings.ci("fixed-replicas-values.yaml").one("Deployment", "serving"),
                "serving");
        assertEquals(8081, c.path("readinessProbe").path("grpc").path("port").asInt());
        assertTrue(c.path("readinessProbe").path("httpGet").isMissingNode());
        JsonNode d = RenderedChart.container(ChartRenderings.ci("default-values.yaml").one("Deployment", "serving"), "serving");
        assertTrue(d.path("readinessProbe").path("grpc").isMissingNode());
    }

    @TestFactory
    Stream<DynamicTest> monitorProbes_useTheHealthEndpointsOnItsPort() {
        return each(chart -> chart.find("StatefulSet", "monitor").ifPresent(sts -> {
            JsonNode c = RenderedChart.container(sts, "monitor");
            int port = Integer.parseInt(RenderedChart.env(c).get("MICRONAUT_SERVER_PORT"));
            assertEquals(8082, port, "monitor/MONITOR.md: micronaut.server.port 8082");
            assertHttpProbe(c, "readinessProbe", "/health/readiness", port, "HTTP");
            assertHttpProbe(c, "livenessProbe", "/health/liveness", port, "HTTP");
            assertHttpProbe(c, "startupProbe", "/health/liveness", port, "HTTP");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyPod_runsAsNonRootWithAReadOnlyRootFilesystemAndAWritableTmp() {
        return each(chart -> {
            List<JsonNode> workloads = new ArrayList<>(chart.all("Deployment"));
            workloads.addAll(chart.all("StatefulSet"));
            assertFalse(workloads.isEmpty());
            for (JsonNode w : workloads) {
                String name = chart + " " + w.path("metadata").path("name").asText();
                JsonNode pod = w.path("spec").path("template").path("spec");
                JsonNode psc = pod.path("securityContext");
                assertTrue(psc.path("runAsNonRoot").asBoolean(), name + ": runAsNonRoot");
                assertNotEquals(0, psc.path("runAsUser").asInt(0), name + ": runAsUser must be set and not 0");
                assertEquals("RuntimeDefault", psc.path("seccompProfile").path("type").asText(), name);
                for (JsonNode c : pod.path("containers")) {
                    JsonNode sc = c.path("securityContext");
                    assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), name + ": readOnlyRootFilesystem");
                    assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), name + ": allowPrivilegeEscalation");
                    assertEquals("[\"ALL\"]", sc.path("capabilities").path("drop").toString(), name + ": drop ALL");
                    // The images set -Djava.io.tmpdir=/tmp: ONNX Runtime unpacks its native library there.
                    assertEquals("emptyDir", volumeSource(pod, mountAt(c, "/tmp").path("name").asText()), name + ": /tmp");
                }
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> terminationGracePeriod_coversTheWholeDrain() {
        return each(chart -> {
            JsonNode deployment = chart.one("Deployment", "serving");
            Map<String, String> env = RenderedChart.env(RenderedChart.container(deployment, "serving"));
            int drain = seconds(env.get("PLUMBLINE_SHUTDOWN_GRACE_PERIOD")) + seconds(env.get("PLUMBLINE_SHUTDOWN_DRAIN_TIMEOUT"))
                    + seconds(env.get("PLUMBLINE_EVENTS_KAFKA_CLOSE_TIMEOUT"));
            int grace = deployment.path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asInt();
            assertTrue(grace >= drain + JVM_EXIT_SECONDS, chart + ": terminationGracePeriodSeconds " + grace
                    + " < grace-period + drain-timeout + close-timeout (" + drain + ") + " + JVM_EXIT_SECONDS);
            chart.find("StatefulSet", "monitor").ifPresent(sts -> assertTrue(
                    sts.path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asInt() >= 30,
                    chart + ": monitor/MONITOR.md asks for at least 30 s"));
        });
    }

    /** With the defaults the sum is SHUTDOWN.md's own example: 5 + 15 + 5 + 5 = 30 s. */
    @Test
    void terminationGracePeriod_withDefaults_isShutdownMdsThirtySeconds() {
        JsonNode deployment = ChartRenderings.ci("default-values.yaml").one("Deployment", "serving");
        assertEquals(30, deployment.path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asInt());
    }

    @Test
    void s3Repository_readsTheBucketWithKeysFromASecretIntoAWritableCache() {
        RenderedChart chart = ChartRenderings.ci("s3-tls-auth-monitor-values.yaml");
        JsonNode deployment = chart.one("Deployment", "serving");
        JsonNode c = RenderedChart.container(deployment, "serving");
        Map<String, String> env = RenderedChart.env(c);
        assertEquals("s3://models/prod", env.get("PLUMBLINE_REGISTRY_URI"));
        assertEquals("http://minio.minio:9000", env.get("PLUMBLINE_REGISTRY_S3_ENDPOINT"));
        assertEquals("secret:plumbline-s3/access-key", env.get("PLUMBLINE_REGISTRY_S3_ACCESS_KEY"));
        assertEquals("secret:plumbline-s3/secret-key", env.get("PLUMBLINE_REGISTRY_S3_SECRET_KEY"));
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode cache = mountAt(c, env.get("PLUMBLINE_REGISTRY_S3_CACHE_DIR"));
        assertFalse(cache.path("readOnly").asBoolean(), "the S3 cache must be writable");
        assertEquals("emptyDir", volumeSource(pod, cache.path("name").asText()));
    }

    @Test
    void volumeRepository_isMountedReadOnlyWhereTheRegistryUriPoints() {
        JsonNode deployment = ChartRenderings.ci("volume-repository-values.yaml").one("Deployment", "serving");
        JsonNode c = RenderedChart.container(deployment, "serving");
        String uri = RenderedChart.env(c).get("PLUMBLINE_REGISTRY_URI");
        assertTrue(uri.startsWith("file:"), uri);
        JsonNode mount = mountAt(c, uri.substring("file:".length()));
        assertTrue(mount.path("readOnly").asBoolean(), "the model volume is mounted read-only");
        assertEquals("persistentVolumeClaim",
                volumeSource(deployment.path("spec").path("template").path("spec"), mount.path("name").asText()));
    }

    /**
     * SECURITY.md: the key file is re-read every 5 s and TLS files every 10 s, so a Secret update rotates
     * them without a restart, but only through a directory mount: Kubernetes never updates a subPath.
     */
    @Test
    void keysAndTlsFiles_comeFromSecretsMountedAsDirectories() {
        JsonNode deployment = ChartRenderings.ci("s3-tls-auth-monitor-values.yaml").one("Deployment", "serving");
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode c = RenderedChart.container(deployment, "serving");
        Map<String, String> env = RenderedChart.env(c);
        assertEquals("true", env.get("PLUMBLINE_TLS_ENABLED"));
        assertEquals("optional", env.get("PLUMBLINE_TLS_CLIENT_AUTH"));
        Map<String, String> secretFiles = Map.of(
                "PLUMBLINE_SECURITY_KEYS_FILE", "plumbline-api-keys",
                "PLUMBLINE_TLS_CERT", "plumbline-tls", "PLUMBLINE_TLS_KEY", "plumbline-tls",
                "PLUMBLINE_TLS_CLIENT_CA", "plumbline-tls");
        secretFiles.forEach((variable, secret) -> {
            String file = env.get(variable);
            assertTrue(file != null, variable + " is not set");
            Path path = Path.of(file);
            JsonNode mount = mountAt(c, path.getParent().toString());
            assertTrue(mount.path("subPath").isMissingNode(), variable + ": mounted with subPath");
            assertEquals(secret, volume(pod, mount.path("name").asText()).path("secret").path("secretName").asText(), variable);
        });
        assertEquals("https://idp.example.com/.well-known/jwks.json", env.get("PLUMBLINE_SECURITY_JWT_JWKS"));
        assertEquals("plumbline", env.get("PLUMBLINE_SECURITY_JWT_AUDIENCE"));
    }

    /**
     * Micronaut ignores a variable that names no setting (serving only warns), so a typo in the chart
     * would leave a default in force. Every PLUMBLINE_* variable it sets must be one the project
     * documents: written in a Markdown page, or a key of application.yml / monitor-defaults.yml.
     */
    @TestFactory
    Stream<DynamicTest> everyPlumblineVariable_namesADocumentedSetting() {
        Set<String> known = documentedVariables();
        return each(chart -> {
            List<JsonNode> workloads = new ArrayList<>(chart.all("Deployment"));
            workloads.addAll(chart.all("StatefulSet"));
            Set<String> unknown = new TreeSet<>();
            for (JsonNode w : workloads) {
                for (JsonNode c : w.path("spec").path("template").path("spec").path("containers")) {
                    RenderedChart.env(c).keySet().stream().filter(n -> n.startsWith("PLUMBLINE_"))
                            .filter(n -> !known.contains(n)).forEach(unknown::add);
                }
            }
            assertEquals(Set.of(), unknown, chart + ": variables no document or defaults file names");
        });
    }

    private Stream<DynamicTest> each(java.util.function.Consumer<RenderedChart> check) {
        return renderings.stream().map(chart -> DynamicTest.dynamicTest(chart.label(), () -> check.accept(chart)));
    }

    /**
     * Variables the project documents: named in a Markdown page, or the keys of a page's YAML examples
     * (SECURITY.md's {@code plumbline.security.jwt.*}), or of the defaults files, spelt as variables.
     * deploy/ is left out: the chart's own documents prove nothing about the services.
     */
    private static Set<String> documentedVariables() {
        Set<String> known = new TreeSet<>();
        Pattern variable = Pattern.compile("PLUMBLINE_[A-Z0-9_]+[A-Z0-9]");
        try (Stream<Path> files = Files.walk(Repo.ROOT)) {
            List<Path> pages = files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> Stream.of("/target/", "/node_modules/", "/.git/").noneMatch(p.toString()::contains)
                            && !p.startsWith(Repo.path("deploy")))
                    .toList();
            for (Path md : pages) {
                Matcher m = variable.matcher(Files.readString(md));
                while (m.find()) {
                    known.add(m.group());
                }
                for (MarkdownCommands.Block yaml : MarkdownCommands.blocks(md, "yaml")) {
                    try {
                        addKeys(Repo.YAML.readTree(yaml.body()), "", known);
                    } catch (IOException notYaml) {
                        // an example with placeholders that do not parse names nothing
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String defaults : List.of("serving/src/main/resources/application.yml",
                "monitor/src/main/resources/io/plumbline/monitor/app/monitor-defaults.yml")) {
            addKeys(Repo.yaml(Repo.path(defaults)), "", known);
        }
        return known;
    }

    private static void addKeys(JsonNode node, String prefix, Set<String> known) {
        if (node == null || !node.isObject()) {
            known.add(prefix.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            addKeys(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), known);
        }
    }

    private static void assertHttpProbe(JsonNode container, String probe, String path, int port, String scheme) {
        JsonNode get = container.path(probe).path("httpGet");
        String where = container.path("name").asText() + " " + probe;
        assertEquals(path, get.path("path").asText(), where + " path");
        int resolved = get.path("port").isInt() ? get.path("port").asInt()
                : RenderedChart.containerPort(container, get.path("port").asText());
        assertEquals(port, resolved, where + " port");
        assertEquals(scheme, get.path("scheme").asText("HTTP"), where + " scheme");
    }

    private static JsonNode mountAt(JsonNode container, String mountPath) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (mountPath.equals(m.path("mountPath").asText())) {
                return m;
            }
        }
        return fail("container " + container.path("name").asText() + " mounts nothing at " + mountPath);
    }

    private static JsonNode volume(JsonNode podSpec, String name) {
        for (JsonNode v : podSpec.path("volumes")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        return fail("no volume " + name);
    }

    /** The kind of source of a pod volume: emptyDir, secret, persistentVolumeClaim ... */
    private static String volumeSource(JsonNode podSpec, String name) {
        List<String> kinds = new ArrayList<>();
        volume(podSpec, name).fieldNames().forEachRemaining(f -> {
            if (!f.equals("name")) {
                kinds.add(f);
            }
        });
        assertEquals(1, kinds.size(), "volume " + name + " sources: " + kinds);
        return kinds.get(0);
    }

    private static Set<String> portNames(JsonNode service) {
        Set<String> names = new TreeSet<>();
        service.path("spec").path("ports").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    private static int seconds(String duration) {
        Matcher m = DURATION.matcher(duration == null ? "" : duration);
        assertTrue(m.matches(), "not a duration in seconds: " + duration);
        return Integer.parseInt(m.group(1));
    }
}
