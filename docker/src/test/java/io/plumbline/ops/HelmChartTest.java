package io.plumbline.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * deploy/helm/plumbline checked with the real helm binary (deploy/fetch-tools.sh fetches it): {@code helm
 * lint --strict} and {@code helm template} for every values file in its ci/ directory and for the README's
 * install command, every rendered object validated against the Kubernetes and Prometheus Operator
 * schemas, the values the chart must refuse, and its copies of the project's alert rules and dashboards.
 */
class HelmChartTest {

    @TestFactory
    Stream<DynamicTest> helmLintStrict_passesForEveryCiValuesFile() {
        return ChartRenderings.ciValuesFiles().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
                () -> OpsTool.HELM.run(Repo.ROOT, "lint", "--strict", RenderedChart.CHART.toString(), "-f", f.toString())
                        .assertSuccess()));
    }

    @TestFactory
    Stream<DynamicTest> everyRenderedObject_validatesAgainstTheKubernetesSchemas() {
        return ChartRenderings.all().stream().map(chart -> DynamicTest.dynamicTest(chart.label(), () -> {
            assertTrue(chart.objects().size() >= 5, chart + " rendered only " + chart.objects().size() + " objects");
            assertEquals(List.of(), KubernetesSchemas.violations(chart.objects()), chart + ": objects the schemas refuse");
        }));
    }

    /**
     * The validator itself refuses what the API server would: a wrong type, an unknown kind, and fields
     * no schema declares (a misspelt probe, a probe setting one level too deep), which the API server
     * would drop without a word under its default field validation.
     */
    @Test
    void theSchemaCheck_refusesABrokenObject() throws IOException {
        var broken = Repo.YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: broken}
                spec:
                  replicas: two
                  selector: {matchLabels: {a: b}}
                  template: {spec: {containers: [{name: c, image: i}]}}
                """);
        var unknown = Repo.YAML.readTree("{apiVersion: example.com/v1, kind: Widget, metadata: {name: w}}");
        var misplaced = Repo.YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: misplaced}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    spec:
                      containers:
                        - name: c
                          image: i
                          readinesProbe: {httpGet: {path: /v2/health/ready, port: 8080}}
                          livenessProbe: {httpGet: {path: /v2/health/live, port: 8080, periodSeconds: 10}}
                """);
        List<String> violations = KubernetesSchemas.violations(List.of(broken, unknown, misplaced));
        assertEquals(3, violations.size(), violations::toString);
        assertTrue(violations.get(0).contains("/spec/replicas must be integer"), violations.get(0));
        assertTrue(violations.get(1).contains("no schema for apiVersion example.com/v1"), violations.get(1));
        assertTrue(violations.get(2).contains("spec.template.spec.containers[0].readinesProbe: unknown field")
                && violations.get(2).contains("containers[0].livenessProbe.httpGet.periodSeconds: unknown field"),
                violations.get(2));
    }

    @Test
    void readmeInstallCommand_rendersTheMonitorAndAnS3Repository() {
        RenderedChart chart = RenderedChart.render(ChartRenderings.README_LABEL, ChartRenderings.readmeTemplateArgs());
        var env = RenderedChart.env(RenderedChart.container(chart.one("Deployment", "serving"), "serving"));
        assertTrue(env.get("PLUMBLINE_REGISTRY_URI").startsWith("s3://"), env::toString);
        assertTrue(env.containsKey("PLUMBLINE_EVENTS_KAFKA_BOOTSTRAP_SERVERS"), env::toString);
        assertTrue(chart.find("StatefulSet", "monitor").isPresent(), "the README's command deploys the monitor");
    }

    /** deploy/SCALING.md's example: 6 partitions, 2 monitor instances, at least 3 serving pods. */
    @Test
    void scalingWorkedExample_rendersWhatTheExampleSays() {
        RenderedChart chart = RenderedChart.render(ChartRenderings.SCALING_LABEL, ChartRenderings.scalingTemplateArgs());
        assertEquals(2, chart.one("StatefulSet", "monitor").path("spec").path("replicas").asInt());
        assertEquals("6", RenderedChart.env(RenderedChart.container(chart.one("Deployment", "serving"), "serving"))
                .get("PLUMBLINE_EVENTS_KAFKA_PARTITIONS"));
        assertEquals(3, chart.one("HorizontalPodAutoscaler", "serving").path("spec").path("minReplicas").asInt());
    }

    @Test
    void monitorReplicasAbovePartitions_areRefusedNamingBothValues() {
        String error = RenderedChart.refusal(List.of("template", "x", RenderedChart.CHART.toString(),
                "--set", "kafka.bootstrapServers=kafka:9092", "--set", "kafka.partitions=6", "--set", "monitor.replicas=7"));
        assertTrue(error.contains("monitor.replicas 7 is above kafka.partitions 6"), error);
    }

    @Test
    void s3RepositoryWithoutUri_isRefusedNamingTheKey() {
        String error = RenderedChart.refusal(List.of("template", "x", RenderedChart.CHART.toString(),
                "--set", "serving.modelRepository.type=s3"));
        assertTrue(error.contains("serving.modelRepository.s3.uri '' must be s3://bucket/prefix"), error);
    }

    /** Kubernetes' gRPC probes cannot speak TLS: such a probe would fail forever. */
    @Test
    void grpcProbeWithTls_isRefused() {
        String error = RenderedChart.refusal(List.of("template", "x", RenderedChart.CHART.toString(),
                "--set", "serving.tls.enabled=true", "--set", "serving.tls.secretName=t",
                "--set", "serving.probes.grpc.enabled=true"));
        assertTrue(error.contains("gRPC probes speak plaintext only"), error);
    }

    /**
     * Helm reads only files inside the chart, so the chart carries copies of the alert rules and the
     * dashboards; docker/ and grafana/ stay the sources the other checks (promtool, the compose stack, the
     * dashboards' PromQL) test. Any edit must reach both: this fails until it does.
     */
    @Test
    void chartCopiesOfRulesAndDashboards_areByteIdenticalToTheProjectsFiles() throws IOException {
        assertSameBytes(Repo.path("docker/prometheus/rules/plumbline.rules.yml"),
                RenderedChart.CHART.resolve("files/plumbline.rules.yml"));
        List<Path> dashboards = Repo.files("grafana/dashboards", ".json");
        List<Path> copies = Repo.files("deploy/helm/plumbline/files/dashboards", ".json");
        assertEquals(dashboards.stream().map(p -> p.getFileName().toString()).toList(),
                copies.stream().map(p -> p.getFileName().toString()).toList(),
                "deploy/helm/plumbline/files/dashboards/ must hold exactly grafana/dashboards/*.json");
        for (Path d : dashboards) {
            assertSameBytes(d, RenderedChart.CHART.resolve("files/dashboards").resolve(d.getFileName()));
        }
    }

    private static void assertSameBytes(Path source, Path copy) throws IOException {
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(copy),
                () -> copy + " differs from " + source + ": cp " + Repo.ROOT.relativize(source) + " "
                        + Repo.ROOT.relativize(copy));
    }
}
