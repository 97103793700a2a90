package io.plumbline.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where requests go: per model one immutable {@link Snapshot} of its serving versions and
 * effective aliases, replaced whole. Publishing a snapshot is the single step that makes a
 * version visible or invisible, so a reader sees either the old routing or the new one, never a
 * mix. Reads are lock-free.
 */
final class Routes {
    /** The alias a request without a version goes to, when the model defines it. */
    static final String DEFAULT_ALIAS = "production";

    /** What one model serves: versions by number, their fingerprints, and effective aliases. */
    record Snapshot(NavigableMap<Long, LoadedModel> versions, Map<Long, String> fingerprints,
            Map<String, Long> aliases) {
        static final Snapshot EMPTY = new Snapshot(Collections.emptyNavigableMap(), Map.of(), Map.of());
    }

    private final Map<String, Snapshot> serving = new ConcurrentHashMap<>();

    Snapshot get(String model) {
        return serving.getOrDefault(model, Snapshot.EMPTY);
    }

    /** Makes {@code next} the model's routing in one step (no versions: the model stops serving). */
    void publish(String model, Snapshot next) {
        if (next.versions().isEmpty()) {
            serving.remove(model);
        } else {
            serving.put(model, next);
        }
    }

    /** The models with serving versions. */
    List<String> models() {
        return new ArrayList<>(serving.keySet());
    }

    /**
     * Each declared alias routes to its version when that is loaded, else to its last good target.
     *
     * @param problems filled with why an alias cannot route where it points
     */
    static Map<String, Long> effectiveAliases(Map<String, Long> declared, Snapshot current,
            NavigableMap<Long, LoadedModel> next, Map<String, String> problems) {
        Map<String, Long> effective = new LinkedHashMap<>();
        for (Map.Entry<String, Long> a : declared.entrySet()) {
            long target = a.getValue();
            if (next.containsKey(target)) {
                effective.put(a.getKey(), target);
                continue;
            }
            Long previous = current.aliases().get(a.getKey());
            String why = "alias '" + a.getKey() + "' points to version " + target + ", which is not loaded";
            if (previous != null && (next.containsKey(previous) || current.versions().containsKey(previous))) {
                effective.put(a.getKey(), previous);
                why += "; still routing to version " + previous;
            }
            problems.put(a.getKey(), why);
        }
        return effective;
    }

    /**
     * The version serving a request: an explicit version number or alias; without one, the
     * {@code production} alias when the model has it, else the highest loaded version.
     */
    LoadedModel resolve(String model, String version) {
        ModelName.requireValid("model", model);
        Snapshot s = serving.get(model);
        if (s == null || s.versions().isEmpty()) {
            throw new ModelNotFoundException("model '" + model + "' is not loaded");
        }
        if (version == null || version.isEmpty()) {
            Long pinned = s.aliases().get(DEFAULT_ALIAS);
            LoadedModel m = pinned == null ? null : s.versions().get(pinned);
            return m != null ? m : s.versions().lastEntry().getValue();
        }
        Long v = FileModelRepository.parseVersion(version);
        if (v == null) {
            Long target = ModelName.isValid(version) ? s.aliases().get(version) : null;
            if (target == null || !s.versions().containsKey(target)) {
                throw new ModelNotFoundException("model '" + model + "' has no version or alias '"
                        + ModelName.printable(version) + "' (versions: " + s.versions().keySet() + ", aliases: "
                        + s.aliases().keySet() + ")");
            }
            return s.versions().get(target);
        }
        LoadedModel m = s.versions().get(v);
        if (m == null) {
            throw new ModelNotFoundException("model '" + model + "' has no loaded version " + v
                    + " (loaded: " + s.versions().keySet() + ")");
        }
        return m;
    }

    Optional<LoadedModel> find(String model, long version) {
        Snapshot s = serving.get(model);
        return Optional.ofNullable(s == null ? null : s.versions().get(version));
    }

    /** Every serving version, by model name then version. */
    List<LoadedModel> loaded() {
        List<LoadedModel> out = new ArrayList<>();
        new TreeMap<>(serving).values().forEach(s -> out.addAll(s.versions().values()));
        return out;
    }
}
