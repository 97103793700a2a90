package io.plumbline.model;

import io.plumbline.events.profile.SegmentSpec;
import io.plumbline.tensor.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code model.yaml}. Unknown keys are refused rather than ignored so a typo such as
 * {@code max_batch_size} for {@code max-batch-size} is reported instead of silently doing nothing.
 */
public final class ManifestReader {
    private static final Set<String> TOP_KEYS = Set.of("name", "engine", "djl-engine", "engine-options", "device",
            "fallback", "inputs", "outputs", "version-policy", "batching", "platform", "description", "segments");
    private static final Set<String> SEGMENT_KEYS = Set.of("feature", "parameter", "values", "top");
    private static final Set<String> TENSOR_KEYS = Set.of("name", "datatype", "shape", "features", "labels");
    private static final Set<String> BATCHING_KEYS = Set.of("max-batch-size", "max-queue-delay-us", "instances",
            "enabled");

    private final String source;

    private ManifestReader(String source) {
        this.source = source;
    }

    /**
     * @param source what to call the file in error messages, e.g. {@code weather/model.yaml}
     */
    public static ModelManifest read(InputStream in, String source) throws ModelLoadException {
        Object root = SafeYaml.load(in, source, 1 << 20);
        if (root == null) {
            return ModelManifest.DEFAULT;
        }
        try {
            return new ManifestReader(source).manifest(root);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ModelLoadException(source + ": " + e.getMessage(), e);
        }
    }

    public static ModelManifest read(java.nio.file.Path file, String source) throws ModelLoadException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            return read(in, source);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private ModelManifest manifest(Object root) {
        Map<String, Object> m = map(root, "the manifest");
        checkKeys(m, TOP_KEYS, "");
        String engine = string(m.getOrDefault("engine", ModelManifest.ONNX_RUNTIME), "engine");
        Map<String, String> engineOptions = new LinkedHashMap<>();
        if (m.containsKey("engine-options")) {
            map(m.get("engine-options"), "engine-options").forEach((k, v) -> engineOptions.put(k, String.valueOf(v)));
        }
        if (m.containsKey("djl-engine")) {
            engineOptions.put("djl-engine", string(m.get("djl-engine"), "djl-engine"));
        }
        Device device = Device.parse(m.containsKey("device") ? string(m.get("device"), "device") : null);
        boolean fallback = false;
        if (m.containsKey("fallback")) {
            String f = string(m.get("fallback"), "fallback");
            if (!f.equals("cpu") && !f.equals("none")) {
                throw new IllegalArgumentException("fallback must be 'cpu' or 'none', got '" + f + "'");
            }
            fallback = f.equals("cpu");
        }
        return new ModelManifest(engine, engineOptions, device, fallback,
                tensors(m.get("inputs"), "inputs"), tensors(m.get("outputs"), "outputs"),
                versionPolicy(m.get("version-policy")), batching(m.get("batching")), segments(m.get("segments")));
    }

    private List<SegmentSpec> segments(Object node) {
        if (node == null) {
            return List.of();
        }
        List<?> list = list(node, "segments");
        List<SegmentSpec> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "segments[" + i + "]";
            Map<String, Object> s = map(list.get(i), at);
            checkKeys(s, SEGMENT_KEYS, at + ".");
            String feature = s.containsKey("feature") ? string(s.get("feature"), at + ".feature") : null;
            String parameter = s.containsKey("parameter") ? string(s.get("parameter"), at + ".parameter") : null;
            Integer top = s.containsKey("top") ? integer(s.get("top"), at + ".top") : null;
            try {
                out.add(new SegmentSpec(feature, parameter, strings(s.get("values"), at + ".values"), top));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
            }
        }
        try {
            return SegmentSpec.checked(out);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("segments: " + e.getMessage(), e);
        }
    }

    private List<TensorSpec> tensors(Object node, String field) {
        if (node == null) {
            return List.of();
        }
        List<TensorSpec> out = new ArrayList<>();
        List<?> list = list(node, field);
        for (int i = 0; i < list.size(); i++) {
            String at = field + "[" + i + "]";
            Map<String, Object> t = map(list.get(i), at);
            checkKeys(t, TENSOR_KEYS, at + ".");
            String name = string(t.get("name"), at + ".name");
            String dt = string(t.get("datatype"), at + ".datatype");
            DataType type = DataType.fromWireName(dt);
            if (type == null) {
                throw new IllegalArgumentException(at + ".datatype '" + dt + "' is not a V2 datatype");
            }
            List<?> dims = list(t.get("shape"), at + ".shape");
            long[] shape = new long[dims.size()];
            for (int d = 0; d < shape.length; d++) {
                Object dim = dims.get(d);
                if (!(dim instanceof Integer || dim instanceof Long) || ((Number) dim).longValue() < -1) {
                    throw new IllegalArgumentException(at + ".shape[" + d + "] must be an integer >= -1");
                }
                shape[d] = ((Number) dim).longValue();
            }
            out.add(new TensorSpec(name, type, shape, strings(t.get("features"), at + ".features"),
                    strings(t.get("labels"), at + ".labels")));
        }
        return out;
    }

    private VersionPolicy versionPolicy(Object node) {
        if (node == null) {
            return VersionPolicy.DEFAULT;
        }
        if (node instanceof String s && s.equals("all")) {
            return new VersionPolicy.All();
        }
        Map<String, Object> m = map(node, "version-policy");
        if (m.size() != 1) {
            throw new IllegalArgumentException("version-policy takes one of latest: N, all, specific: [..]");
        }
        if (m.containsKey("latest")) {
            return new VersionPolicy.Latest(integer(m.get("latest"), "version-policy.latest"));
        }
        if (m.containsKey("all")) {
            return new VersionPolicy.All();
        }
        if (m.containsKey("specific")) {
            List<Long> versions = new ArrayList<>();
            for (Object v : list(m.get("specific"), "version-policy.specific")) {
                versions.add((long) integer(v, "version-policy.specific"));
            }
            return new VersionPolicy.Specific(versions);
        }
        throw new IllegalArgumentException("version-policy takes one of latest: N, all, specific: [..]");
    }

    private BatchingSettings batching(Object node) {
        if (node == null) {
            return BatchingSettings.UNSET;
        }
        Map<String, Object> m = map(node, "batching");
        checkKeys(m, BATCHING_KEYS, "batching.");
        Integer max = m.containsKey("max-batch-size") ? integer(m.get("max-batch-size"), "batching.max-batch-size") : null;
        Long delay = m.containsKey("max-queue-delay-us")
                ? (long) integer(m.get("max-queue-delay-us"), "batching.max-queue-delay-us") : null;
        Integer instances = m.containsKey("instances") ? integer(m.get("instances"), "batching.instances") : null;
        Boolean enabled = null;
        if (m.containsKey("enabled")) {
            if (!(m.get("enabled") instanceof Boolean b)) {
                throw new IllegalArgumentException("batching.enabled must be true or false");
            }
            enabled = b;
        }
        return new BatchingSettings(max, delay, instances, enabled);
    }

    private void checkKeys(Map<String, Object> m, Set<String> allowed, String prefix) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException("unknown key '" + prefix + k + "' (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String field) {
        if (!(node instanceof Map)) {
            throw new IllegalArgumentException(field + " must be a mapping");
        }
        Map<String, Object> out = new HashMap<>();
        ((Map<Object, Object>) node).forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static List<?> list(Object node, String field) {
        if (!(node instanceof List<?> l)) {
            throw new IllegalArgumentException(field + " must be a list");
        }
        return l;
    }

    private static String string(Object node, String field) {
        if (node instanceof String || node instanceof Number || node instanceof Boolean) {
            return String.valueOf(node);
        }
        throw new IllegalArgumentException(field + " must be a string");
    }

    private static int integer(Object node, String field) {
        if (node instanceof Integer i && i >= 0) {
            return i;
        }
        throw new IllegalArgumentException(field + " must be a non-negative integer");
    }

    private static List<String> strings(Object node, String field) {
        if (node == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object o : list(node, field)) {
            out.add(string(o, field));
        }
        return out;
    }

    @Override
    public String toString() {
        return "ManifestReader[" + source + "]";
    }
}
