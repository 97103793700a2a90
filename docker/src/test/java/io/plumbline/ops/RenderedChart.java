package io.plumbline.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects {@code helm template} renders from deploy/helm/plumbline for one set of values, parsed,
 * with look-ups by kind and by the chart's {@code app.kubernetes.io/component} label.
 */
final class RenderedChart {
    static final Path CHART = Repo.path("deploy/helm/plumbline");
    static final String RELEASE = "plumbline";

    private final String label;
    private final List<JsonNode> objects;

    private RenderedChart(String label, List<JsonNode> objects) {
        this.label = label;
        this.objects = List.copyOf(objects);
    }

    /** {@code helm template plumbline deploy/helm/plumbline -f <values>}; fails the test when helm does. */
    static RenderedChart withValues(Path valuesFile) {
        return render(valuesFile.getFileName().toString(),
                List.of("template", RELEASE, CHART.toString(), "-f", valuesFile.toString()));
    }

    /** helm with these arguments (a {@code template} command), run from the repository root. */
    static RenderedChart render(String label, List<String> helmArgs) {
        OpsTool.Result r = OpsTool.HELM.runKeepingStderrApart(Repo.ROOT, helmArgs);
        r.assertSuccess();
        return new RenderedChart(label, parse(r.output()));
    }

    /** The error helm prints when the values are refused (and fails the test when they are not). */
    static String refusal(List<String> helmArgs) {
        OpsTool.Result r = OpsTool.HELM.runKeepingStderrApart(Repo.ROOT, helmArgs);
        if (r.exitCode() == 0) {
            return fail(r.command() + " rendered, but should have refused the values");
        }
        return r.errors();
    }

    static List<JsonNode> parse(String multiDocumentYaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (JsonParser parser = Repo.YAML.getFactory().createParser(multiDocumentYaml)) {
            Repo.YAML.readValues(parser, JsonNode.class).forEachRemaining(doc -> {
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("helm template printed YAML that does not parse", e);
        }
        return docs;
    }

    String label() {
        return label;
    }

    List<JsonNode> objects() {
        return objects;
    }

    List<JsonNode> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String component) {
        List<JsonNode> found = all(kind).stream()
                .filter(o -> component.equals(o.path("metadata").path("labels").path("app.kubernetes.io/component").asText()))
                .toList();
        if (found.size() > 1) {
            fail(label + ": " + found.size() + " " + kind + " objects of component " + component);
        }
        return found.stream().findFirst();
    }

    JsonNode one(String kind, String component) {
        return find(kind, component).orElseGet(() -> fail(label + ": no " + kind + " of component " + component));
    }

    /** The pod template's containers of a workload, with the given name. */
    static JsonNode container(JsonNode workload, String name) {
        for (JsonNode c : workload.path("spec").path("template").path("spec").path("containers")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return fail("no container " + name + " in " + workload.path("metadata").path("name").asText());
    }

    /** A container's environment: name to value, or to "secret:NAME/KEY" for a secretKeyRef. */
    static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            String value = ref.isMissingNode() ? e.path("value").asText()
                    : "secret:" + ref.path("name").asText() + "/" + ref.path("key").asText();
            assertEquals(null, env.put(e.path("name").asText(), value), "environment variable set twice: " + e);
        }
        return env;
    }

    /** The containerPort a named port of a container stands for. */
    static int containerPort(JsonNode container, String portName) {
        for (JsonNode p : container.path("ports")) {
            if (portName.equals(p.path("name").asText())) {
                return p.path("containerPort").asInt();
            }
        }
        return fail("no port named " + portName + " in container " + container.path("name").asText());
    }

    @Override
    public String toString() {
        return label;
    }
}
