package io.plumbline.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What the repository index reports: the state of every version seen (READY, LOADING,
 * UNAVAILABLE with its reason, UNLOADED), problems of whole models (version 0) and of aliases,
 * and the fingerprints and manifests that failed to load, so a poll does not retry (or report) them
 * until they change. Written only under the catalog's lock; read by the index at any time.
 */
final class LoadStates {
    private final Map<String, NavigableMap<Long, VersionState>> states = new ConcurrentHashMap<>();
    /** model -> alias -> why it cannot route where it points; alias "" is the aliases file itself. */
    private final Map<String, Map<String, String>> aliasProblems = new ConcurrentHashMap<>();
    /** model/version -> the files and manifest that failed to load. */
    private final Map<String, Attempt> failed = new ConcurrentHashMap<>();

    /** What a version was loaded from: its files' fingerprint and its model's manifest. */
    private record Attempt(String fingerprint, ModelManifest manifest) {
    }

    void record(String model, long version, String state, String reason) {
        states.computeIfAbsent(model, k -> new ConcurrentSkipListMap<>())
                .put(version, new VersionState(model, version, state, reason));
    }

    /**
     * Records a problem of the whole model (version 0: its manifest cannot be read, no version
     * matches its policy).
     *
     * @return false when the same problem was already recorded, so it is reported once per change,
     *     not at every poll
     */
    boolean modelProblem(String model, String reason) {
        NavigableMap<Long, VersionState> s = states.get(model);
        VersionState before = s == null ? null : s.get(0L);
        if (before != null && before.state().equals(VersionState.UNAVAILABLE) && before.reason().equals(reason)) {
            return false;
        }
        record(model, 0, VersionState.UNAVAILABLE, reason);
        return true;
    }

    /** Forgets a model-wide problem (the model could be read again). */
    void clearModelProblem(String model) {
        NavigableMap<Long, VersionState> s = states.get(model);
        if (s != null) {
            s.remove(0L);
        }
    }

    /** The models with a recorded state. */
    java.util.Set<String> models() {
        return states.keySet();
    }

    void forget(String model) {
        states.remove(model);
    }

    void aliasesFileProblem(String model, String why) {
        aliasProblems.computeIfAbsent(model, k -> new ConcurrentHashMap<>()).put("", why);
    }

    void aliasesFileRead(String model) {
        Map<String, String> p = aliasProblems.get(model);
        if (p != null) {
            p.remove("");
        }
    }

    /**
     * Replaces the per-alias problems of a model (the aliases file's own problem is kept).
     *
     * @return the problems that were not recorded before, so each is reported once, not every poll
     */
    List<String> aliasProblems(String model, Map<String, String> problems) {
        Map<String, String> p = aliasProblems.computeIfAbsent(model, k -> new ConcurrentHashMap<>());
        List<String> fresh = new ArrayList<>();
        problems.forEach((alias, why) -> {
            if (!why.equals(p.get(alias))) {
                fresh.add(why);
            }
        });
        p.keySet().removeIf(a -> !a.isEmpty());
        p.putAll(problems);
        return fresh;
    }

    /**
     * True when these files of the version already failed to load with this manifest: a change to
     * either is a new attempt.
     */
    boolean failedBefore(String model, long version, String fingerprint, ModelManifest manifest) {
        Attempt a = failed.get(model + "/" + version);
        return fingerprint != null && a != null && fingerprint.equals(a.fingerprint())
                && manifest.loadsLike(a.manifest());
    }

    void loadFailed(String model, long version, String fingerprint, ModelManifest manifest) {
        failed.put(model + "/" + version, new Attempt(fingerprint == null ? "" : fingerprint, manifest));
    }

    void loadSucceeded(String model, long version) {
        failed.remove(model + "/" + version);
    }

    /** Index lines for the given models: each version seen, plus one UNAVAILABLE line per alias problem. */
    List<VersionState> index(List<String> models) {
        List<VersionState> out = new ArrayList<>();
        for (String model : models) {
            NavigableMap<Long, VersionState> s = states.get(model);
            if (s == null || s.isEmpty()) {
                out.add(new VersionState(model, 0, VersionState.UNLOADED, ""));
            } else {
                out.addAll(s.values());
            }
            Map<String, String> problems = aliasProblems.getOrDefault(model, Map.of());
            for (String why : new TreeMap<>(problems).values()) {
                out.add(new VersionState(model, 0, VersionState.UNAVAILABLE, why));
            }
        }
        return out;
    }
}
