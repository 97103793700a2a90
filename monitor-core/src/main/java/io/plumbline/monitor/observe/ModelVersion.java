package io.plumbline.monitor.observe;

/**
 * The {@code model:version} key of the profiles topic and of windows. Model names cannot contain a
 * colon (they are {@code [A-Za-z0-9_.-]}), so the last colon splits the key unambiguously.
 */
public record ModelVersion(String model, String version) {
    public ModelVersion {
        if (model == null || model.isEmpty() || version == null || version.isEmpty()) {
            throw new IllegalArgumentException("model and version are required");
        }
    }

    public static String key(String model, String version) {
        return model + ":" + version;
    }

    public static ModelVersion parse(String key) {
        int colon = key == null ? -1 : key.lastIndexOf(':');
        if (colon <= 0 || colon == key.length() - 1) {
            throw new IllegalArgumentException("expected model:version, got " + key);
        }
        return new ModelVersion(key.substring(0, colon), key.substring(colon + 1));
    }

    public String key() {
        return key(model, version);
    }
}
