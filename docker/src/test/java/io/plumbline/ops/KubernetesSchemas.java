package io.plumbline.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Validation of rendered objects against published schemas, by deploy/schema-check/validate.mjs: the
 * Kubernetes API's OpenAPI schemas as the npm package kubernetes-models compiles them (5.1.0; its 5.0.0
 * moved to Kubernetes v1.36.0), and the Prometheus Operator CRDs' (@kubernetes-models/prometheus-operator
 * 6.0.0), strictly: a field neither declares is an error, as with kubeconform -strict. An independent
 * checker: neither the chart nor this module wrote those schemas.
 */
final class KubernetesSchemas {
    private static final Path SCRIPT = Repo.path("deploy/schema-check/validate.mjs");
    private static final Path MODULES = Repo.path("deploy/schema-check/node_modules/kubernetes-models/package.json");

    private KubernetesSchemas() {
    }

    /** One line per object that does not validate ("Kind name: errors"); empty when all do. */
    static List<String> violations(List<JsonNode> objects) {
        if (!Files.isRegularFile(MODULES)) {
            OpsTool.missing("the schema validators are not installed in deploy/schema-check/node_modules:"
                    + " run deploy/fetch-tools.sh");
        }
        Path input = null;
        try {
            input = Files.createTempFile("rendered-objects", ".json");
            Repo.JSON.writeValue(input.toFile(), objects);
            OpsTool.Result r = OpsTool.NODE.runKeepingStderrApart(Repo.ROOT, List.of(SCRIPT.toString(), input.toString()));
            List<String> violations = new ArrayList<>();
            int checked = 0;
            for (String line : r.output().lines().toList()) {
                JsonNode result = Repo.JSON.readTree(line);
                checked++;
                if (!result.path("valid").asBoolean()) {
                    violations.add(result.path("kind").asText() + " " + result.path("name").asText() + ": "
                            + result.path("errors"));
                }
            }
            if (checked != objects.size() || (r.exitCode() != 0) == violations.isEmpty()) {
                violations.add("validate.mjs checked " + checked + " of " + objects.size() + " objects and exited "
                        + r.exitCode() + ": " + r.errors());
            }
            return violations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (input != null) {
                try {
                    Files.deleteIfExists(input);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }
}
