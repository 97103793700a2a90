package io.plumbline.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** docker/prometheus/rules: promtool check and unit tests, coverage of every alert, annotations. */
class AlertRulesTest {
    private static final String RULES_DIR = "docker/prometheus/rules";
    private static final String TESTS_DIR = "docker/prometheus/tests";
    private static final Set<String> EXPECTED_ALERTS = Set.of(
            "PlumblineDriftDetected", "PlumblinePredictionDriftDetected", "PlumblineDriftPsiSignificant",
            "PlumblineDataMissing", "PlumblineDataOutOfRange", "PlumblineDataUnseenCategories",
            "PlumblineDataTensorViolations", "PlumblineInferenceErrorRate",
            "PlumblineInferenceLatencyP99High", "PlumblinePredictionEventsDropped", "PlumblineMonitorLagGrowing",
            "PlumblineModelLoadFailures", "PlumblineWebhookFailures", "PlumblineRegistryUnreachable",
            "PlumblineRealisedAccuracyBelowEstimate", "PlumblineFeedbackMostlyUnmatched",
            "PlumblineFeedbackDropped");

    @Test
    void rulesPassPromtoolCheck() {
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        ruleFiles().forEach(f -> args.add(f.toString()));
        OpsTool.PROMTOOL.run(Repo.ROOT, args.toArray(String[]::new)).assertSuccess();
    }

    @TestFactory
    Stream<DynamicTest> promtoolUnitTestsPass() {
        List<Path> tests = testFiles();
        assertFalse(tests.isEmpty(), "no promtool unit tests in " + TESTS_DIR);
        return tests.stream().map(t -> DynamicTest.dynamicTest("promtool test rules " + t.getFileName(),
                () -> OpsTool.PROMTOOL.run(t.getParent(), "test", "rules", t.getFileName().toString()).assertSuccess()));
    }

    @Test
    void theAlertsTheIssueAsksForExist() {
        assertEquals(new TreeSet<>(EXPECTED_ALERTS), new TreeSet<>(alerts().keySet()));
    }

    /** Each alert has a unit test in which it fires and one in which it does not. */
    @Test
    void everyAlertHasFiringAndQuietUnitTests() {
        Map<String, int[]> cases = new TreeMap<>();
        alerts().keySet().forEach(a -> cases.put(a, new int[2]));
        for (Path t : testFiles()) {
            JsonNode doc = Repo.yaml(t);
            Set<Path> loaded = new TreeSet<>();
            doc.path("rule_files").forEach(r -> loaded.add(t.getParent().resolve(r.asText()).normalize()));
            assertTrue(loaded.containsAll(ruleFiles().stream().map(Path::normalize).toList()),
                    t + " must load every rule file, loads " + loaded);
            for (JsonNode test : doc.path("tests")) {
                for (JsonNode c : test.path("alert_rule_test")) {
                    String name = c.path("alertname").asText();
                    assertTrue(cases.containsKey(name), t.getFileName() + " tests an alert that does not exist: " + name);
                    cases.get(name)[c.path("exp_alerts").isEmpty() ? 1 : 0]++;
                }
            }
        }
        cases.forEach((name, n) -> {
            assertTrue(n[0] > 0, name + " has no promtool test case where it fires");
            assertTrue(n[1] > 0, name + " has no promtool test case where it stays quiet");
        });
    }

    @Test
    void everyAlertIsLabelledAndDocumented() {
        String ops = Repo.read("docker/OPS.md");
        Set<String> anchors = headingAnchors(ops);
        alerts().forEach((name, rule) -> {
            String severity = rule.path("labels").path("severity").asText();
            assertTrue(Set.of("page", "ticket").contains(severity), name + ": severity must be page or ticket");
            assertFalse(rule.path("labels").path("category").asText().isBlank(), name + ": category label missing");
            JsonNode ann = rule.path("annotations");
            for (String key : List.of("summary", "description", "runbook")) {
                assertFalse(ann.path(key).asText().isBlank(), name + ": annotation " + key + " missing");
            }
            assertTrue(ann.path("summary").asText().contains("$labels."), name + ": summary should name what is affected");
            Matcher m = Pattern.compile("docker/OPS\\.md#([a-z0-9-]+)").matcher(ann.path("runbook").asText());
            assertTrue(m.find(), name + ": runbook must point at a section of docker/OPS.md");
            assertTrue(anchors.contains(m.group(1)), name + ": docker/OPS.md has no heading for #" + m.group(1));
            if (Set.of("drift", "data").contains(rule.path("labels").path("category").asText())) {
                String text = ann.path("summary").asText() + ann.path("description").asText();
                for (String label : List.of("model", "version", "feature")) {
                    assertTrue(text.contains("$labels." + label), name + ": annotations must name the " + label);
                }
            }
        });
    }

    /** Windows are 5 minutes: one drifted or dirty window must not alert. */
    @Test
    void driftVerdictMustHoldLongerThanOneWindow() {
        alerts().forEach((name, rule) -> {
            if (Set.of("drift", "data").contains(rule.path("labels").path("category").asText())) {
                Duration forDuration = duration(rule.path("for").asText("0s"));
                assertTrue(forDuration.compareTo(Duration.ofMinutes(5)) > 0, name + " for: " + forDuration);
            }
        });
    }

    /** The default drift alert pages on inputs only; prediction (output) drift is its own alert. */
    @Test
    void driftAlertsSplitInputsFromOutputs() {
        assertTrue(alerts().get("PlumblineDriftDetected").path("expr").asText().contains("role=\"input\""));
        assertTrue(alerts().get("PlumblinePredictionDriftDetected").path("expr").asText().contains("role=\"output\""));
    }

    @Test
    void ruleExpressionsUseOnlyExposedMetrics() {
        Map<String, JsonNode> rules = alerts();
        rules.forEach((name, rule) -> {
            Set<String> names = PromQl.metricNames(rule.path("expr").asText());
            assertFalse(names.isEmpty(), name + ": no metric in its expression");
            assertEquals(Set.of(), MetricAllowList.unknown(names), name + " refers to metrics no service exposes");
        });
    }

    static List<Path> ruleFiles() {
        return Stream.concat(Repo.files(RULES_DIR, ".yml").stream(), Repo.files(RULES_DIR, ".yaml").stream()).toList();
    }

    private static List<Path> testFiles() {
        return Repo.files(TESTS_DIR, ".yml");
    }

    /** Every alerting rule by name, from every rule file. */
    static Map<String, JsonNode> alerts() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Path f : ruleFiles()) {
            for (JsonNode group : Repo.yaml(f).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("alert")) {
                        assertTrue(out.put(rule.path("alert").asText(), rule) == null,
                                "alert defined twice: " + rule.path("alert").asText());
                    }
                }
            }
        }
        return out;
    }

    private static Duration duration(String promDuration) {
        Matcher m = Pattern.compile("(\\d+)([smhd])").matcher(promDuration);
        Duration d = Duration.ZERO;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return d;
    }

    /** GitHub's anchors for the Markdown headings of a document. */
    static Set<String> headingAnchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        markdown.lines().filter(l -> l.startsWith("#")).forEach(l -> anchors.add(
                l.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-')));
        return anchors;
    }
}
