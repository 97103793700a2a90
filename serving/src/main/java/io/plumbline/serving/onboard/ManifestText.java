package io.plumbline.serving.onboard;

import io.plumbline.model.TensorSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code model.yaml} that {@code models add} writes: the model's signature with feature names (the
 * data columns) on the inputs and class labels on the outputs that have them, in the layout of the
 * README's manifest example. It is read back with the loader's own manifest reader before use.
 */
final class ManifestText {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Set<String> YAML_WORDS = Set.of("true", "false", "null", "yes", "no", "on", "off", "y", "n");

    private ManifestText() {
    }

    static String of(ColumnPlan plan) {
        StringBuilder b = new StringBuilder();
        b.append("# Written by `plumbline-serving.jar models add`: the signature is the model's own; features name\n")
                .append("# the reference data's columns, in each tensor's column order.\n")
                .append("engine: onnxruntime\n")
                .append("inputs:\n");
        for (ColumnPlan.Input in : plan.inputs) {
            tensor(b, in.spec());
            b.append("    features: ").append(list(in.columns())).append('\n');
        }
        b.append("outputs:\n");
        for (ColumnPlan.Output out : plan.outputs) {
            tensor(b, out.spec());
            if (!out.labels().isEmpty()) {
                b.append("    labels: ").append(list(out.labels())).append('\n');
            }
        }
        return b.toString();
    }

    private static void tensor(StringBuilder b, TensorSpec spec) {
        b.append("  - name: ").append(scalar(spec.name())).append('\n')
                .append("    datatype: ").append(spec.datatype()).append('\n')
                .append("    shape: ").append(Arrays.toString(spec.shape())).append('\n');
    }

    private static String list(List<String> names) {
        return names.stream().map(ManifestText::scalar).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A name as a YAML string: bare when YAML would read it back as the same string, else double-quoted. */
    static String scalar(String s) {
        if (PLAIN.matcher(s).matches() && !YAML_WORDS.contains(s.toLowerCase(Locale.ROOT))) {
            return s;
        }
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> q.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return q.append('"').toString();
    }
}
