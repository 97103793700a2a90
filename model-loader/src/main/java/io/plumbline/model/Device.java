package io.plumbline.model;

import java.util.Locale;

/**
 * Where a model runs: {@code cpu}, {@code gpu} (device 0) or {@code gpu:N}.
 *
 * @param gpu true for a CUDA device
 * @param index the CUDA device ordinal (0 for cpu)
 */
public record Device(boolean gpu, int index) {
    public static final Device CPU = new Device(false, 0);

    public static Device parse(String text) {
        if (text == null || text.isBlank()) {
            return CPU;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("gpu") || t.equals("cuda")) {
            return new Device(true, 0);
        }
        if (t.startsWith("gpu:") || t.startsWith("cuda:")) {
            try {
                int n = Integer.parseInt(t.substring(t.indexOf(':') + 1));
                if (n >= 0) {
                    return new Device(true, n);
                }
            } catch (NumberFormatException ignored) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("device '" + text + "' is not cpu, gpu or gpu:N");
    }

    @Override
    public String toString() {
        return gpu ? "gpu:" + index : "cpu";
    }
}
