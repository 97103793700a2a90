package io.plumbline.model.signing;

import java.util.List;

/**
 * Which models must carry a valid signature. It comes from the server's configuration, never
 * from the repository: {@code model.yaml} sits beside the files it would protect and is not
 * covered by the signature, so whoever could replace {@code model.onnx} could also write
 * {@code require-signature: false} there.
 *
 * @param all every model ({@code plumbline.registry.require-signature: true})
 * @param models names or patterns with a trailing {@code *} ({@code fraud-*}) of models that need
 *     one even when {@code all} is off ({@code plumbline.registry.require-signature-for})
 */
public record SignaturePolicy(boolean all, List<String> models) {
    public static final SignaturePolicy OFF = new SignaturePolicy(false, List.of());

    public SignaturePolicy {
        models = List.copyOf(models);
        for (String m : models) {
            if (m.isBlank() || m.indexOf('*') >= 0 && m.indexOf('*') != m.length() - 1) {
                throw new IllegalArgumentException("plumbline.registry.require-signature-for: '" + m
                        + "' is not a model name or a prefix ending in '*'");
            }
        }
    }

    /** Whether any model needs a signature (then trusted keys are mandatory). */
    public boolean requiresAny() {
        return all || !models.isEmpty();
    }

    public boolean requires(String model) {
        if (all) {
            return true;
        }
        for (String m : models) {
            boolean match = m.endsWith("*") ? model.startsWith(m.substring(0, m.length() - 1)) : model.equals(m);
            if (match) {
                return true;
            }
        }
        return false;
    }
}
