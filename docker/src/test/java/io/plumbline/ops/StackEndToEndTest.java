package io.plumbline.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.testing.ChildProcess;
import io.plumbline.testing.Directories;
import io.plumbline.testing.FreePorts;
import io.plumbline.testing.KafkaBroker;
import io.plumbline.testing.TopicReader;
import io.plumbline.testing.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The whole stack, end to end, as issue 8 asks: a real Kafka broker (KRaft, {@link KafkaBroker}),
 * the packaged serving and monitor jars as child JVMs ({@code java -jar}), a real Prometheus
 * (Debian's {@code prometheus}) scraping both every second and evaluating a copy of
 * {@code docker/prometheus/rules/} every second, and the replay tool playing
 * {@code data/seattle-weather.csv} into serving with {@code temp_max} shifted by 8 °C, and beside it
 * {@link LabelledTraffic}: predictions with ids of its own, each followed by its truth. Then:
 * <ul>
 *   <li>{@code PlumblineDriftDetected} for {@code temp_max} reaches {@code firing} in {@code /api/v1/alerts}
 *       (the copy shortens its {@code for:} from 10m to 5s; the monitor's windows are 5 s);</li>
 *   <li>the monitor called the retraining webhook, signed;</li>
 *   <li>every PromQL expression of both dashboards (Grafana variables set to model {@code weather},
 *       version {@code 1}, all features and again {@code temp_max} alone, method {@code ks},
 *       {@code $__rate_interval} = 1m) and every alert rule: Prometheus parses it, every metric it
 *       names exists in Prometheus, and every panel returns data except those listed with the reason
 *       (error panels in a healthy run);</li>
 *   <li>every name of {@code exposed-metrics.txt} exists on the live services, every rule loaded and
 *       evaluates without error, both targets are up, and no alert outside the drift category is
 *       pending or firing;</li>
 *   <li>every feedback record serving accepted was joined once: the monitor's matched count equals the
 *       client's tally, and none is duplicate, late or unmatched.</li>
 * </ul>
 * The jars must have been packaged ({@code ./mvnw -B verify} does, as the module depends on serving
 * and monitor); {@code prometheus} missing fails the test unless {@code PLUMBLINE_SKIP_OPS_TOOLS=1}.
 * The children's logs are copied to {@code docker/target/stack-e2e/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StackEndToEndTest {
    private static final String MODEL = "weather";
    private static final String VERSION = "1";
    private static final String DRIFTED = "temp_max";
    private static final String DRIFT_ALERT = "PlumblineDriftDetected";
    private static final String WEBHOOK_SECRET = "stack-e2e-secret";
    /** Requests (rows) per second of the replay: about 1000 rows in each 5-second window. */
    private static final int REPLAY_RATE = 200;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration DRIFT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration ALERT_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Grafana's variables as a user looking at the demo model would set them: model {@code weather},
     * version {@code 1}, all features (the dashboards' default), method {@code ks} (its default).
     */
    private static final Map<String, String> GRAFANA_VALUES = Map.of(
            "model", MODEL, "version", VERSION, "feature", ".*", "method", "ks");
    /** The same with one feature selected: queries that filter by feature are run both ways. */
    private static final Map<String, String> GRAFANA_ONE_FEATURE = Map.of(
            "model", MODEL, "version", VERSION, "feature", DRIFTED, "method", "ks");
    private static final Pattern FEATURE_VARIABLE = Pattern.compile("\\$\\{?feature\\b");
    private static final String GRAFANA_INTERVAL = "1m";
    /** The tenant the labelled traffic names; the model's only declared segment value. */
    private static final String TENANT = "acme";

    /**
     * Metrics a query may use although the live services do not have them, with the reason (for
     * example a metric that only appears after a failure). Serving and the monitor register their
     * counters at zero, so every other name must exist.
     */
    private static final Map<String, String> ABSENT_WHEN_HEALTHY = Map.of(
            "data_unseen_ratio", "exported for categorical features only; the demo model's profile has none",
            "data_segment_unseen_ratio", "the same, per segment");

    /**
     * Dashboard queries that legitimately return nothing in a healthy run (key: dashboard title,
     * panel title and refId), with the reason; each must really return nothing (a listed query with data
     * fails: its reason no longer holds). Every other dashboard query must return data.
     */
    private static final Map<String, String> EMPTY_WHEN_HEALTHY = Map.of(
            "Plumbline / Serving: panel 'Error rate (engine errors)' A",
            "requests with outcome=\"error\" exist only after an engine error",
            "Plumbline / Serving: panel 'Client errors and rejections' A",
            "the replay sends only valid requests: no bad_request, not_found, rejected or unavailable outcome",
            "Plumbline / Drift: panel 'Unseen categories per feature' A",
            "data_unseen_ratio exists for categorical features only; the demo model's profile has none",
            "Plumbline / Drift: panel 'Regressor error: MAE, RMSE, bias (realised)' A",
            "the demo model is a classifier: no regressor metric exists");

    /** Alert rules whose expression must return data at the end (the others may, or may not). */
    private static final Set<String> RULES_WITH_DATA = Set.of(DRIFT_ALERT);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // If the test JVM exits without @AfterAll (killed by a timeout), the stack must not outlive it.
    private final Thread shutdownHook = new Thread(this::stop, "stack-e2e-shutdown");
    private boolean stopped;
    private final List<String> emptyResults = new CopyOnWriteArrayList<>();
    private Path dir;
    private KafkaBroker kafka;
    private WebhookReceiver webhook;
    private PrometheusServer prometheus;
    private ChildProcess serving;
    private ChildProcess monitor;
    private Traffic traffic;
    private LabelledTraffic labelled;
    private int servingPort;
    private int monitorPort;

    @BeforeAll
    void startStack() throws Exception {
        Path prometheusExe = OpsTool.PROMETHEUS.require();
        Path servingJar = Repo.path("serving/target/plumbline-serving.jar");
        Path monitorJar = Repo.path("monitor/target/plumbline-monitor.jar");
        for (Path jar : List.of(servingJar, monitorJar)) {
            assertTrue(Files.isRegularFile(jar), jar + " is missing: package serving and monitor first "
                    + "(./mvnw -B verify does; or ./mvnw -q -DskipTests package -pl serving,monitor -am)");
        }
        dir = Files.createTempDirectory("plumbline-stack-e2e");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        int[] ports = FreePorts.loopback(4);
        servingPort = ports[0];
        monitorPort = ports[2];
        kafka = KafkaBroker.launch();
        webhook = new WebhookReceiver(WEBHOOK_SECRET);

        Map<String, String> jobs = new LinkedHashMap<>();
        jobs.put("plumbline-serving", "127.0.0.1:" + servingPort);
        jobs.put("plumbline-monitor", "127.0.0.1:" + monitorPort);
        Files.createDirectories(dir.resolve("prometheus"));
        prometheus = PrometheusServer.start(prometheusExe, dir.resolve("prometheus"), ports[3], jobs, rulesWithShortFor());

        serving = ChildProcess.start("serving",
                ChildProcess.java("-Xmx1g", "-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true",
                        "-jar", servingJar.toString()),
                Map.of("PLUMBLINE_EVENTS_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        "PLUMBLINE_REGISTRY_URI", "file:" + segmentedModels(),
                        "MICRONAUT_SERVER_PORT", String.valueOf(servingPort),
                        "GRPC_SERVER_PORT", String.valueOf(ports[1])),
                dir, dir.resolve("serving.log"));
        // Serving creates the topics at start-up; the monitor's source topics must exist before it starts.
        await("serving ready on " + servingUrl("/v2/health/ready"), START_TIMEOUT,
                () -> status(servingUrl("/v2/health/ready")) == 200, serving);

        monitor = ChildProcess.start("monitor",
                ChildProcess.java("-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-jar", monitorJar.toString(), "run"),
                monitorEnvironment(), dir, dir.resolve("monitor.log"));
        await("monitor's Kafka Streams RUNNING on " + monitorUrl("/health"), START_TIMEOUT,
                () -> body(monitorUrl("/health")).contains("\"state\":\"RUNNING\""), monitor);
        await("Prometheus ready", START_TIMEOUT, prometheus::ready, prometheus.process());

        traffic = new Traffic(monitorJar);
        traffic.start();
        labelled = new LabelledTraffic(servingUrl("/v2/models/" + MODEL), TENANT);
        labelled.start();
        // Everything below needs a drift verdict scraped: the shifted rows filled windows that closed.
        await("drift_detected{feature=\"" + DRIFTED + "\"} == 1 in Prometheus", DRIFT_TIMEOUT,
                () -> !prometheus.query("max(drift_detected{model=\"" + MODEL + "\", feature=\"" + DRIFTED + "\"}) == 1")
                        .path("data").path("result").isEmpty(),
                serving, monitor, prometheus.process());
    }

    /**
     * The demo repository with the model segmented by request parameter {@code tenant} (declared value
     * {@value #TENANT}): the labelled traffic sends it, the replay does not, so both segments have windows
     * and every {@code *_segment_*} gauge of the allow-list exists.
     */
    private Path segmentedModels() throws IOException {
        Path models = dir.resolve("models");
        try (Stream<Path> files = Files.walk(Repo.path("models"))) {
            for (Path from : files.toList()) {
                Path to = models.resolve(Repo.path("models").relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        Path manifest = models.resolve(MODEL).resolve("model.yaml");
        Files.writeString(manifest, Files.readString(manifest) + "segments:\n  - parameter: tenant\n    values: ["
                + TENANT + "]\n");
        return models;
    }

    @AfterAll
    void stopStack() {
        if (dir != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook stops the stack.
            }
        }
        stop();
        if (!emptyResults.isEmpty()) {
            System.out.println("Queries without data (allowed):\n  " + String.join("\n  ", emptyResults));
        }
    }

    /** Stops everything (once) and deletes the temporary directory, keeping the logs in target/. */
    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (labelled != null) {
            labelled.stop();
        }
        if (traffic != null) {
            traffic.stop();
        }
        for (AutoCloseable c : new AutoCloseable[] {monitor, serving, prometheus, webhook}) {
            closeQuietly(c);
        }
        if (dir != null) {
            keepLogs();
        }
        closeQuietly(kafka);
        if (dir != null) {
            deleteRecursively(dir);
        }
    }

    @Test
    @Order(1)
    void driftAlertFiresForTheShiftedFeature() {
        await(DRIFT_ALERT + "{feature=\"" + DRIFTED + "\"} firing in /api/v1/alerts", ALERT_TIMEOUT,
                () -> prometheus.alerts().stream().anyMatch(a -> DRIFT_ALERT.equals(a.path("labels").path("alertname").asText())
                        && MODEL.equals(a.path("labels").path("model").asText())
                        && DRIFTED.equals(a.path("labels").path("feature").asText())
                        && "firing".equals(a.path("state").asText())),
                serving, monitor, prometheus.process());
        JsonNode alert = prometheus.alerts().stream()
                .filter(a -> DRIFT_ALERT.equals(a.path("labels").path("alertname").asText())
                        && DRIFTED.equals(a.path("labels").path("feature").asText()))
                .findFirst().orElseThrow();
        assertEquals("page", alert.path("labels").path("severity").asText());
        assertEquals("drift", alert.path("labels").path("category").asText());
        assertTrue(alert.path("annotations").path("summary").asText().contains(DRIFTED),
                "the summary names the feature: " + alert.path("annotations"));
    }

    /**
     * Every call is signed and names only features that the drift record of its own window (read from
     * {@code plumbline.drift}, read_committed, to its end) marks drifted, and some call names the shifted
     * feature. Later windows may alert on other features too (real drift between 2012 and 2014), so a
     * call is checked against its window's record, not against the injected feature alone.
     */
    @Test
    @Order(2)
    void monitorCalledTheRetrainingWebhookSigned() {
        await("a call to the retraining webhook", ALERT_TIMEOUT, () -> !webhook.calls().isEmpty(), monitor);
        List<WebhookReceiver.Call> calls = List.copyOf(webhook.calls());
        Map<String, List<String>> alerted = new TreeMap<>();
        for (WebhookReceiver.Call call : calls) {
            assertTrue(call.signatureValid(), "X-Plumbline-Signature does not verify: " + call);
            JsonNode body = parse(call.body());
            assertEquals(call.eventId(), body.path("eventId").asText(), "X-Plumbline-Event-Id is the body's eventId");
            assertEquals(MODEL, body.path("model").asText());
            List<String> features = new ArrayList<>();
            body.path("driftedFeatures").forEach(f -> features.add(f.path("feature").asText()));
            alerted.put(body.path("window").path("start").asText(), features);
        }
        // The webhook may be called before the window's transaction commits: wait for every window's record.
        Map<String, Set<String>> published = new TreeMap<>();
        TopicReader.readUntil(kafka.bootstrapServers(), "plumbline.drift", records -> {
            published.clear();
            records.forEach(r -> {
                JsonNode record = parse(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
                Set<String> drifted = new TreeSet<>();
                record.path("features").forEach(f -> {
                    if ("drift".equals(f.path("verdict").asText())) {
                        drifted.add(f.path("feature").asText());
                    }
                });
                published.put(record.path("window").path("start").asText(), drifted);
            });
            return published.keySet().containsAll(alerted.keySet());
        }, Duration.ofSeconds(30));
        alerted.forEach((window, features) -> {
            assertTrue(published.containsKey(window), "no drift record on plumbline.drift for the window of a call "
                    + window + "; records for " + published.keySet());
            assertTrue(published.get(window).containsAll(features), "the call for window " + window + " names "
                    + features + " but its drift record marks drifted only " + published.get(window));
        });
        assertTrue(alerted.values().stream().anyMatch(f -> f.contains(DRIFTED)),
                "no webhook call names the shifted feature " + DRIFTED + ": " + alerted);
    }

    @TestFactory
    @Order(3)
    Stream<DynamicTest> everyDashboardQueryRunsOnTheLivePrometheus() {
        Set<String> live = prometheus.metricNames();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : Repo.files("grafana/dashboards", ".json")) {
            JsonNode dashboard = Repo.json(file);
            String title = dashboard.path("title").asText();
            GrafanaDashboardsTest.queries(dashboard).forEach((where, expr) -> {
                String key = title + ": " + where;
                tests.add(DynamicTest.dynamicTest(key, () -> check(key,
                        PromQl.withGrafanaVariables(expr, GRAFANA_VALUES, GRAFANA_INTERVAL),
                        expectation(key), live)));
                if (FEATURE_VARIABLE.matcher(expr).find()) {
                    String one = key + " [feature=" + DRIFTED + "]";
                    tests.add(DynamicTest.dynamicTest(one, () -> check(one,
                            PromQl.withGrafanaVariables(expr, GRAFANA_ONE_FEATURE, GRAFANA_INTERVAL),
                            expectation(key), live)));
                }
            });
        }
        assertTrue(tests.size() > 20, "suspiciously few dashboard queries: " + tests.size());
        tests.add(DynamicTest.dynamicTest("every query said to be empty exists", () -> {
            Set<String> keys = new TreeSet<>();
            tests.forEach(t -> keys.add(t.getDisplayName()));
            assertTrue(keys.containsAll(EMPTY_WHEN_HEALTHY.keySet()), "stale entries in EMPTY_WHEN_HEALTHY: "
                    + EMPTY_WHEN_HEALTHY.keySet().stream().filter(k -> !keys.contains(k)).toList());
        }));
        return tests.stream();
    }

    @TestFactory
    @Order(4)
    Stream<DynamicTest> everyAlertRuleRunsOnTheLivePrometheus() {
        Set<String> live = prometheus.metricNames();
        return AlertRulesTest.alerts().entrySet().stream().map(e -> DynamicTest.dynamicTest("rule " + e.getKey(),
                () -> check("rule " + e.getKey(), e.getValue().path("expr").asText(),
                        RULES_WITH_DATA.contains(e.getKey()) ? Expect.DATA : Expect.EITHER, live)));
    }

    /** The other direction of the allow-list: each name it lists is really exported. */
    @Test
    @Order(5)
    void everyAllowListedMetricExistsOnTheLiveServices() {
        Set<String> live = prometheus.metricNames();
        Set<String> missing = new TreeSet<>(MetricAllowList.NAMES);
        missing.removeAll(live);
        missing.removeAll(ABSENT_WHEN_HEALTHY.keySet());
        assertEquals(Set.of(), missing, () -> "exposed-metrics.txt lists metrics neither service exports:\n" + logs());
    }

    @Test
    @Order(6)
    void everyRuleLoadedAndEvaluatesAndBothTargetsAreUp() {
        Map<String, JsonNode> loaded = new LinkedHashMap<>();
        prometheus.rules().forEach(r -> loaded.put(r.path("name").asText(), r));
        assertEquals(new TreeSet<>(AlertRulesTest.alerts().keySet()), new TreeSet<>(loaded.keySet()), "rules loaded");
        loaded.forEach((name, r) -> assertEquals("ok", r.path("health").asText(),
                () -> name + " does not evaluate: " + r.path("lastError").asText()));
        List<JsonNode> targets = prometheus.targets();
        assertEquals(2, targets.size(), () -> "targets: " + targets);
        for (JsonNode t : targets) {
            assertEquals("up", t.path("health").asText(), () -> t.path("labels").path("job").asText()
                    + " is not scraped: " + t.path("lastError").asText() + "\n" + logs());
        }
    }

    /**
     * Nothing is wrong with the stack but the injected drift, so no alert outside the drift category
     * (and the shifted feature's out-of-range alert) may be pending or firing (an alert that fires on a fresh, healthy stack pages for nothing).
     */
    @Test
    @Order(7)
    void noAlertButDriftIsActiveInAHealthyStack() {
        // Shifting temp_max by 8 degrees also moves some of its values above the reference maximum: the
        // out-of-range alert for that feature is the injected drift seen as data quality.
        List<String> active = prometheus.alerts().stream()
                .filter(a -> !"drift".equals(a.path("labels").path("category").asText()))
                .filter(a -> !("PlumblineDataOutOfRange".equals(a.path("labels").path("alertname").asText())
                        && DRIFTED.equals(a.path("labels").path("feature").asText())))
                .map(StackEndToEndTest::describeAlert).toList();
        assertEquals(List.of(), active, "alerts active although only drift was injected (value = the expression's)");
    }

    /**
     * Every feedback record serving accepted for a prediction it answered was joined to that prediction
     * exactly once: the monitor's matched count in Prometheus equals the client's own tally, and no record
     * ended duplicate, late or unmatched; serving counted each as sent.
     */
    @Test
    @Order(8)
    void everyAcceptedFeedbackRecordIsMatchedOnce() {
        labelled.stop();
        assertEquals(List.of(), labelled.failures, "predictions or feedback refused");
        long accepted = labelled.accepted();
        assertTrue(accepted > 0, "no feedback was accepted");
        await("sum(monitor_feedback_total{outcome=\"matched\"}) == " + accepted + " in Prometheus", ALERT_TIMEOUT,
                () -> sum("monitor_feedback_total{outcome=\"matched\"}") == accepted, serving, monitor,
                prometheus.process());
        assertEquals(0.0, sum("monitor_feedback_total{outcome=~\"duplicate|late|unmatched\"}"),
                () -> "feedback outcomes: " + samples("monitor_feedback_total", "outcome"));
        await("sum(prediction_feedback_total{outcome=\"sent\"}) == " + accepted + " in Prometheus", ALERT_TIMEOUT,
                () -> sum("prediction_feedback_total{outcome=\"sent\"}") == accepted, serving, prometheus.process());
    }

    /** The sum of a selector's series now; NaN when it has none. */
    private double sum(String selector) {
        JsonNode result = prometheus.query("sum(" + selector + ")").path("data").path("result");
        return result.isEmpty() ? Double.NaN : Double.parseDouble(result.path(0).path("value").path(1).asText());
    }

    private static String describeAlert(JsonNode alert) {
        Map<String, String> labels = new TreeMap<>();
        alert.path("labels").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
        String name = labels.remove("alertname");
        return name + labels + " " + alert.path("state").asText() + " value=" + alert.path("value").asText();
    }

    /** What a query must return on the healthy stack. */
    private enum Expect { DATA, NOTHING, EITHER }

    /** A dashboard query returns data unless EMPTY_WHEN_HEALTHY says why not; then it must really be empty. */
    private static Expect expectation(String key) {
        return EMPTY_WHEN_HEALTHY.containsKey(key) ? Expect.NOTHING : Expect.DATA;
    }

    /**
     * Parses, uses only metric names that exist, and returns at least one finite sample (DATA) or none
     * (NOTHING: a query listed as empty that has data means its listed reason is wrong).
     */
    private void check(String where, String expr, Expect expect, Set<String> live) {
        JsonNode answer = prometheus.query(expr);
        assertEquals("success", answer.path("status").asText(),
                () -> where + ": Prometheus refused\n  " + expr + "\n  " + answer.path("errorType").asText()
                        + ": " + answer.path("error").asText());
        Set<String> missing = new TreeSet<>(PromQl.metricNames(expr));
        missing.removeAll(live);
        missing.removeAll(ABSENT_WHEN_HEALTHY.keySet());
        assertEquals(Set.of(), missing, () -> where + " uses metrics Prometheus does not have:\n  " + expr);
        boolean hasData = hasFiniteSample(answer.path("data"));
        if (expect == Expect.NOTHING) {
            assertFalse(hasData, () -> where + " is listed in EMPTY_WHEN_HEALTHY (" + EMPTY_WHEN_HEALTHY.get(
                    where.replaceFirst(" \\[feature=.*\\]$", "")) + ") but returned data:\n  " + expr
                    + "\n  answer: " + answer.path("data"));
            emptyResults.add(where + ": " + expr.replaceAll("\\s+", " "));
        } else if (expect == Expect.DATA) {
            assertTrue(hasData, () -> where + " returned no data:\n  " + expr + "\n  answer: " + answer.path("data")
                    + "\n" + logs());
        } else if (!hasData) {
            emptyResults.add(where + ": " + expr.replaceAll("\\s+", " "));
        }
    }

    private static boolean hasFiniteSample(JsonNode data) {
        String type = data.path("resultType").asText();
        if ("scalar".equals(type)) {
            return finite(data.path("result").path(1).asText());
        }
        for (JsonNode series : data.path("result")) {
            if (finite(series.path("value").path(1).asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean finite(String value) {
        try {
            return Double.isFinite(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Map<String, String> monitorEnvironment() throws IOException {
        ObjectNode receiver = Repo.JSON.createObjectNode()
                .put("url", webhook.url()).put("secret", WEBHOOK_SECRET);
        receiver.putArray("models").add(MODEL);
        ObjectNode appJson = Repo.JSON.createObjectNode();
        appJson.putObject("plumbline").putObject("monitor").putArray("webhooks").add(receiver);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PLUMBLINE_MONITOR_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("PLUMBLINE_MONITOR_KAFKA_STATE_DIR", dir.resolve("monitor-state").toString());
        env.put("MICRONAUT_SERVER_PORT", String.valueOf(monitorPort));
        // 5-second windows of about 1000 rows; a verdict needs 200 values; alert after 2 drifted windows.
        env.put("PLUMBLINE_MONITOR_WINDOW_SIZE", "5s");
        env.put("PLUMBLINE_MONITOR_WINDOW_GRACE", "1s");
        env.put("PLUMBLINE_MONITOR_WINDOW_MIN_COUNT", "200");
        env.put("PLUMBLINE_MONITOR_ALERT_CONSECUTIVE_WINDOWS", "2");
        env.put("MICRONAUT_APPLICATION_JSON", Repo.JSON.writeValueAsString(appJson));
        return env;
    }

    /** The real rule files, with the drift alert's {@code for:} cut from 10m to 5s to suit 5 s windows. */
    private Path rulesWithShortFor() throws IOException {
        List<Path> files = AlertRulesTest.ruleFiles();
        assertEquals(1, files.size(), "one rule file expected in docker/prometheus/rules: " + files);
        JsonNode rules = Repo.yaml(files.get(0));
        int changed = 0;
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (DRIFT_ALERT.equals(rule.path("alert").asText())) {
                    ((ObjectNode) rule).put("for", "5s");
                    changed++;
                }
            }
        }
        assertEquals(1, changed, DRIFT_ALERT + " not found in " + files.get(0));
        Path copy = dir.resolve("prometheus").resolve("plumbline.rules.yml");
        Repo.YAML.writeValue(copy.toFile(), rules);
        return copy;
    }

    /**
     * Replays the demo data into serving until stopped: first with temp_max shifted from row 500 on
     * (as the compose stack's replay does), then shifted from the first row, so that traffic keeps
     * flowing (an event-time window closes only when later events arrive) and the verdict stays drift.
     */
    private final class Traffic implements Runnable {
        private final Path jar;
        private final Thread thread = new Thread(this, "replay-traffic");
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private volatile boolean stopped;
        private volatile ChildProcess current;
        private volatile int passes;

        Traffic(Path jar) {
            this.jar = jar;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            for (int pass = 0; !stopped; pass++) {
                String drift = DRIFTED + ":8:" + (pass == 0 ? 500 : 0);
                ChildProcess replay = ChildProcess.start("replay-" + pass,
                        ChildProcess.java("-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "replay",
                                "--url", servingUrl(""), "--model", MODEL, "--version", VERSION,
                                "--data", Repo.path("data/seattle-weather.csv").toString(),
                                "--rate", String.valueOf(REPLAY_RATE), "--drift", drift),
                        Map.of(), dir, dir.resolve("replay-" + pass + ".log"));
                current = replay;
                try {
                    int code = replay.await(Duration.ofMinutes(3));
                    if (code != 0 && !stopped) {
                        failures.add("replay pass " + pass + " exited " + code + "\n" + replay.tail(20));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    replay.close();
                }
                passes = pass + 1;
            }
        }

        void stop() {
            stopped = true;
            ChildProcess c = current;
            if (c != null) {
                c.close();
            }
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String describe() {
            ChildProcess c = current;
            return passes + " replay passes done" + (failures.isEmpty() ? "" : ", failures:\n" + String.join("\n", failures))
                    + (c == null ? "" : "\n" + c.tail(5));
        }
    }

    /** Waits for a condition, failing early (with the logs) when one of the watched processes exits. */
    private void await(String what, Duration timeout, BooleanSupplier condition, ChildProcess... watched) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
            for (ChildProcess p : watched) {
                if (!p.alive()) {
                    fail(p.name() + " exited while waiting for " + what + "\n" + p.tail(80));
                }
            }
            if (traffic != null && !traffic.failures.isEmpty()) {
                fail("the replay failed while waiting for " + what + ":\n" + traffic.describe() + "\n" + logs());
            }
            if (System.nanoTime() > deadline) {
                fail("no " + what + " after " + timeout.toSeconds() + " s"
                        + (last == null ? "" : " (last error: " + last + ")") + "\n" + logs());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }

    /** What the services said lately, and what Prometheus has, for failure messages. */
    private String logs() {
        StringBuilder s = new StringBuilder();
        if (traffic != null) {
            s.append("traffic: ").append(traffic.describe()).append('\n');
        }
        if (prometheus != null) {
            try {
                s.append("drift_detected: ").append(samples("drift_detected", "feature")).append('\n');
                s.append("drift_window_events: ").append(samples("drift_window_events", "model")).append('\n');
                s.append("alerts: ").append(prometheus.alerts().stream().map(StackEndToEndTest::describeAlert).toList())
                        .append('\n');
            } catch (RuntimeException e) {
                s.append("(Prometheus does not answer: ").append(e).append(")\n");
            }
        }
        for (ChildProcess p : new ChildProcess[] {monitor, serving}) {
            if (p != null) {
                s.append(p.tail(40)).append('\n');
            }
        }
        if (prometheus != null) {
            s.append(prometheus.process().tail(20)).append('\n');
        }
        return s.toString();
    }

    /** {@code label=value} of each series of an instant query, for messages. */
    private List<String> samples(String expr, String label) {
        List<String> out = new ArrayList<>();
        prometheus.query(expr).path("data").path("result").forEach(r -> out.add(
                r.path("metric").path(label).asText() + "=" + r.path("value").path(1).asText()));
        return out;
    }

    private String servingUrl(String path) {
        return "http://127.0.0.1:" + servingPort + path;
    }

    private String monitorUrl(String path) {
        return "http://127.0.0.1:" + monitorPort + path;
    }

    private int status(String url) {
        return send(url).statusCode();
    }

    private String body(String url) {
        return send(url).body();
    }

    private HttpResponse<String> send(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Repo.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** Copies the children's logs to docker/target/stack-e2e/ before the temporary directory goes. */
    private void keepLogs() {
        Path target = Repo.path("docker/target/stack-e2e");
        try {
            deleteRecursively(target);
            Files.createDirectories(target);
            List<Path> logs = new ArrayList<>();
            try (Stream<Path> s = Files.walk(dir, 2)) {
                s.filter(p -> p.getFileName().toString().endsWith(".log")).forEach(logs::add);
            }
            if (kafka != null) {
                logs.add(kafka.directory().resolve("broker.log"));
            }
            for (Path log : logs) {
                if (Files.isRegularFile(log)) {
                    Files.copy(log, target.resolve(log.getFileName()));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("cannot keep the logs in " + target + ": " + e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("cannot stop " + c + ": " + e);
        }
    }

    private static void deleteRecursively(Path root) {
        try {
            Directories.deleteRecursively(root);
        } catch (IOException e) {
            System.err.println("cannot delete " + root + ": " + e);
        }
    }
}
