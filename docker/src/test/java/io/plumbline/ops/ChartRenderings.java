package io.plumbline.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.testing.MarkdownCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The chart's renderings the tests check: one per values file in deploy/helm/plumbline/ci/, and the
 * {@code helm install} commands the README and deploy/SCALING.md show (as {@code helm template}, with
 * the same arguments).
 */
final class ChartRenderings {
    static final String CI_DIR = "deploy/helm/plumbline/ci";
    static final String README_LABEL = "README helm install";
    static final String SCALING_LABEL = "SCALING.md helm install";

    private ChartRenderings() {
    }

    static List<Path> ciValuesFiles() {
        List<Path> files = Repo.files(CI_DIR, "-values.yaml");
        assertFalse(files.isEmpty(), "no values files in " + CI_DIR);
        return files;
    }

    static List<RenderedChart> all() {
        List<RenderedChart> all = new ArrayList<>();
        ciValuesFiles().forEach(f -> all.add(RenderedChart.withValues(f)));
        all.add(RenderedChart.render(README_LABEL, readmeTemplateArgs()));
        all.add(RenderedChart.render(SCALING_LABEL, scalingTemplateArgs()));
        return all;
    }

    static RenderedChart ci(String fileName) {
        return RenderedChart.withValues(Repo.path(CI_DIR).resolve(fileName));
    }

    /** The first sh block of the README's section "Kubernetes". */
    static List<String> readmeTemplateArgs() {
        return templateArgs("README.md", "\n## Kubernetes\n");
    }

    /** The command of deploy/SCALING.md's worked example. */
    static List<String> scalingTemplateArgs() {
        return templateArgs("deploy/SCALING.md", "\n## A worked example");
    }

    /**
     * A document's command, {@code helm install NAME CHART --flags...} on one logical line, the first sh
     * block after the marker, turned into helm's arguments for {@code helm template} (same positional
     * arguments and flags, no cluster).
     */
    private static List<String> templateArgs(String document, String marker) {
        String body;
        try {
            body = MarkdownCommands.after(Repo.path(document), marker, "sh").body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String command = body.replace("\\\n", " ").strip();
        assertFalse(command.contains("\n"), document + ": the install block must be one command: " + body);
        assertTrue(command.matches("[A-Za-z0-9_./:=,\\- ]+"),
                document + ": the install command must need no shell quoting to be split into words: " + command);
        List<String> words = new ArrayList<>(Arrays.asList(command.split("\\s+")));
        assertTrue(words.size() > 3 && words.get(0).equals("helm") && words.get(1).equals("install"),
                document + ": the block must be 'helm install NAME CHART ...': " + command);
        words.remove(0);
        words.set(0, "template");
        return words;
    }
}
