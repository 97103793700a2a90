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
 * and the fingerprints of files that failed to load, so a poll does not retry them until they
 * change. Written only under the catalog's lock; read by the index at any time.
 */
final class LoadStates {
    private final Map<String, NavigableMap<Long, VersionState>> states = new ConcurrentHashMap<>();
    /** model -> alias -> why it cannot route where it points; alias "" is the aliases file itself. */
    private final Map<String, Map<String, String>> aliasProblems = new ConcurrentHashMap<>();
    /** model/version -> fingerprint of the files that failed to load. */
    private final Map<String, String> failed = new ConcurrentHashMap<>();

    void record(String model, long version, String state, String reason) {
        states.computeIfAbsent(model, k -> new ConcurrentSkipListMap<>())
                .put(version, new VersionState(model, version, state, reason));
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

    /** True when these files of the version already failed to load. */
    boolean failedBefore(String model, long version, String fingerprint) {
        return fingerprint != null && fingerprint.equals(failed.get(model + "/" + version));
    }

    void loadFailed(String model, long version, String fingerprint) {
        failed.put(model + "/" + version, fingerprint == null ? "" : fingerprint);
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
