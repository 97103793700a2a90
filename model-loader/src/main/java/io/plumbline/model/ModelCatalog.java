package io.plumbline.model;

import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineException;
import io.plumbline.model.engine.EngineFactory;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model versions that are serving, loaded from a repository by each model's version policy
 * and aliases.
 *
 * <p>Reads are lock-free: each model's versions and aliases are one immutable snapshot, swapped
 * whole. Loads, reloads and unloads are serialised. A new or changed version loads and warms up
 * beside what is serving and only then takes traffic; the version it replaces is retired (it
 * closes once its in-flight requests finish). A version that fails to load is recorded with its
 * reason and leaves the serving versions untouched; it is retried only when its files change.
 * An alias moved to a version that cannot load keeps routing to its last good target.
 */
public final class ModelCatalog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);
    /** The alias a request without a version goes to, when the model defines it. */
    public static final String DEFAULT_ALIAS = "production";

    private final ModelRepository repository;
    private final Map<String, EngineFactory> factories;
    private final Map<String, Snapshot> serving = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<Long, VersionState>> states = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> aliasProblems = new ConcurrentHashMap<>();
    /** model/version -> fingerprint of files that failed to load, so a poll does not retry them. */
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    private final List<CatalogListener> listeners = new CopyOnWriteArrayList<>();

    /** What one model serves: versions by number, their fingerprints, and effective aliases. */
    private record Snapshot(NavigableMap<Long, LoadedModel> versions, Map<Long, String> fingerprints,
            Map<String, Long> aliases) {
        static final Snapshot EMPTY = new Snapshot(Collections.emptyNavigableMap(), Map.of(), Map.of());
    }

    public ModelCatalog(ModelRepository repository, List<EngineFactory> factories) {
        this.repository = repository;
        Map<String, EngineFactory> byName = new HashMap<>();
        for (EngineFactory f : factories) {
            byName.put(f.name(), f);
        }
        this.factories = Map.copyOf(byName);
    }

    public void addListener(CatalogListener listener) {
        listeners.add(listener);
    }

    public ModelRepository repository() {
        return repository;
    }

    /** Loads every model in the repository; returns the number of versions serving. */
    public synchronized int loadAll() throws ModelLoadException {
        for (String model : repository.modelNames()) {
            try {
                load(model);
            } catch (ModelLoadException e) {
                // Already recorded and logged by load(); one bad model must not stop the others.
            }
        }
        return serving.values().stream().mapToInt(s -> s.versions().size()).sum();
    }

    /**
     * Re-reads the whole repository: new models and versions load, changed ones reload, moved
     * aliases move, and models that disappeared are unloaded. What fails keeps what serves.
     */
    public synchronized void refresh() throws ModelLoadException {
        List<String> present = repository.modelNames();
        for (String model : present) {
            try {
                load(model);
            } catch (ModelLoadException e) {
                // recorded by load()
            }
        }
        for (String model : new ArrayList<>(serving.keySet())) {
            if (!present.contains(model)) {
                LOG.info("Model '{}' left the repository; unloading", model);
                unload(model);
                states.remove(model);
            }
        }
    }

    /**
     * Loads (or re-reads) one model.
     *
     * @return true when at least one version of the model is serving afterwards
     * @throws ModelLoadException when the model cannot be read at all (nothing serving changes)
     */
    public synchronized boolean load(String model) throws ModelLoadException {
        ModelName.requireValid("model", model);
        Snapshot current = serving.getOrDefault(model, Snapshot.EMPTY);
        ModelManifest manifest;
        NavigableSet<Long> available;
        try {
            manifest = repository.manifest(model).orElse(ModelManifest.DEFAULT);
            available = repository.versions(model);
        } catch (ModelLoadException e) {
            LOG.error("Cannot read model '{}': {}", model, e.getMessage());
            record(model, 0, VersionState.UNAVAILABLE, e.getMessage());
            listeners.forEach(l -> l.failed(model, 0, e.getMessage()));
            throw e;
        }
        Map<String, Long> declared = readAliases(model, current);
        NavigableSet<Long> wanted = manifest.versionPolicy().select(available);
        for (long target : declared.values()) {
            if (available.contains(target)) {
                wanted.add(target);
            }
        }
        if (wanted.isEmpty()) {
            String why = "no version directory matches the version policy " + manifest.versionPolicy();
            LOG.error("Cannot load model '{}': {}", model, why);
            record(model, 0, VersionState.UNAVAILABLE, why);
            listeners.forEach(l -> l.failed(model, 0, why));
            return !current.versions().isEmpty();
        }
        clearModelProblem(model);

        NavigableMap<Long, LoadedModel> next = new TreeMap<>();
        Map<Long, String> fingerprints = new HashMap<>();
        List<LoadedModel> replaced = new ArrayList<>();
        for (long v : wanted) {
            LoadedModel existing = current.versions().get(v);
            String fp = fingerprint(model, v);
            if (existing != null && (fp == null || fp.equals(current.fingerprints().get(v)))) {
                next.put(v, existing);
                fingerprints.put(v, current.fingerprints().get(v));
                continue;
            }
            if (fp != null && fp.equals(failed.get(model + "/" + v))) {
                if (existing != null) {
                    next.put(v, existing);
                    fingerprints.put(v, current.fingerprints().get(v));
                }
                continue;
            }
            LoadedModel loaded = loadVersion(model, v, manifest);
            if (loaded == null) {
                failed.put(model + "/" + v, fp == null ? "" : fp);
                if (existing != null) {
                    LOG.warn("{}: the changed version did not load; the previous files keep serving", existing);
                    next.put(v, existing);
                    fingerprints.put(v, current.fingerprints().get(v));
                    record(model, v, VersionState.READY, "serving the previous files; the new ones failed: "
                            + states.get(model).get(v).reason());
                }
                continue;
            }
            failed.remove(model + "/" + v);
            next.put(v, loaded);
            fingerprints.put(v, fp);
            if (existing != null) {
                replaced.add(existing);
            }
        }
        Map<String, Long> aliases = resolveAliases(model, declared, current, next);
        // A version an alias still routes to stays loaded even when the policy dropped it.
        for (long target : aliases.values()) {
            if (!next.containsKey(target) && current.versions().containsKey(target)) {
                next.put(target, current.versions().get(target));
                fingerprints.put(target, current.fingerprints().get(target));
            }
        }
        if (next.isEmpty() && !current.versions().isEmpty()) {
            LOG.warn("Model '{}': no selected version could load; versions {} keep serving", model,
                    current.versions().keySet());
            return true;
        }
        swap(model, new Snapshot(Collections.unmodifiableNavigableMap(next), Map.copyOf(fingerprints),
                Map.copyOf(aliases)), current);
        replaced.forEach(this::retire);
        for (Map.Entry<Long, LoadedModel> e : current.versions().entrySet()) {
            if (next.get(e.getKey()) != e.getValue() && !replaced.contains(e.getValue())) {
                retire(e.getValue());
            }
        }
        return !next.isEmpty();
    }

    private Map<String, Long> readAliases(String model, Snapshot current) {
        try {
            Map<String, Long> declared = repository.aliases(model);
            aliasProblems.computeIfPresent(model, (k, m) -> {
                m.remove("");
                return m;
            });
            return declared;
        } catch (ModelLoadException e) {
            LOG.error("Model '{}': {}; keeping the aliases in use", model, e.getMessage());
            aliasProblem(model, "", e.getMessage());
            return current.aliases();
        }
    }

    /** Each declared alias routes to its version when loaded, else to its last good target. */
    private Map<String, Long> resolveAliases(String model, Map<String, Long> declared, Snapshot current,
            NavigableMap<Long, LoadedModel> next) {
        Map<String, Long> effective = new LinkedHashMap<>();
        Map<String, String> problems = aliasProblems.computeIfAbsent(model, k -> new ConcurrentHashMap<>());
        problems.keySet().removeIf(a -> !a.isEmpty());
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
            LOG.warn("Model '{}': {}", model, why);
            problems.put(a.getKey(), why);
        }
        return effective;
    }

    private String fingerprint(String model, long version) {
        try {
            return repository.fingerprint(model, version);
        } catch (ModelLoadException e) {
            return null;
        }
    }

    private LoadedModel loadVersion(String model, long version, ModelManifest manifest) {
        String what = model + "/" + version;
        record(model, version, VersionState.LOADING, "");
        try {
            EngineFactory factory = factories.get(manifest.engine());
            if (factory == null) {
                throw new ModelLoadException(what + ": engine '" + manifest.engine() + "' is not available (have "
                        + new TreeSet<>(factories.keySet()) + ")");
            }
            Path dir = repository.versionDirectory(model, version);
            int verified = Checksums.verify(dir, what);
            Engine engine = factory.load(dir, manifest, what);
            warmUp(engine, what);
            LoadedModel loaded = new LoadedModel(model, version, manifest, engine, dir);
            record(model, version, VersionState.READY, "");
            LOG.info("Loaded {} ({}, {}, {} file(s) checksum-verified)", what, manifest.engine(), engine.device(),
                    verified);
            return loaded;
        } catch (ModelLoadException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.error("Refused {}: {}", what, reason);
            record(model, version, VersionState.UNAVAILABLE, reason);
            listeners.forEach(l -> l.failed(model, version, reason));
            return null;
        }
    }

    /**
     * One inference on a zero batch (variable dimensions set to 1) before the version takes
     * traffic, so the first real request does not pay for lazy initialisation. A model that
     * rejects zeros still loads: warm-up is an optimisation, not a test.
     */
    private static void warmUp(Engine engine, String what) {
        Map<String, Tensor> inputs = new HashMap<>();
        for (TensorSpec spec : engine.signature().inputs()) {
            long[] shape = spec.shape();
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shape[i] < 0 ? 1 : shape[i];
            }
            long n = io.plumbline.tensor.Shape.elementCount(shape);
            if (n > 1 << 20) {
                return;
            }
            if (spec.datatype() == DataType.BYTES) {
                byte[][] empty = new byte[(int) n][];
                java.util.Arrays.fill(empty, new byte[0]);
                inputs.put(spec.name(), Tensor.ofStrings(spec.name(), shape, empty));
            } else {
                inputs.put(spec.name(), Tensor.ofBytes(spec.name(), spec.datatype(), shape,
                        Tensor.allocate(n, spec.datatype().byteSize())));
            }
        }
        try {
            engine.run(inputs, engine.signature().outputs().stream().map(TensorSpec::name).toList());
        } catch (EngineException | RuntimeException e) {
            LOG.debug("{}: warm-up on a zero batch failed ({}); loading anyway", what, e.getMessage());
        }
    }

    private void swap(String model, Snapshot next, Snapshot before) {
        if (next.versions().isEmpty()) {
            serving.remove(model);
        } else {
            serving.put(model, next);
        }
        for (LoadedModel m : next.versions().values()) {
            if (before.versions().get(m.version()) != m) {
                listeners.forEach(l -> l.loaded(m));
            }
        }
    }

    /** Stops serving every version of a model; in-flight requests finish first. */
    public synchronized boolean unload(String model) {
        ModelName.requireValid("model", model);
        Snapshot current = serving.remove(model);
        if (current == null) {
            return false;
        }
        current.versions().values().forEach(this::retire);
        return true;
    }

    private void retire(LoadedModel m) {
        if (find(m.name(), m.version()).orElse(null) != m) {
            record(m.name(), m.version(), VersionState.UNLOADED, "");
        }
        listeners.forEach(l -> l.unloaded(m));
        m.retire();
        LOG.info("Unloaded {}", m);
    }

    private void record(String model, long version, String state, String reason) {
        states.computeIfAbsent(model, k -> new ConcurrentSkipListMap<>())
                .put(version, new VersionState(model, version, state, reason));
    }

    private void clearModelProblem(String model) {
        NavigableMap<Long, VersionState> s = states.get(model);
        if (s != null) {
            s.remove(0L);
        }
    }

    private void aliasProblem(String model, String alias, String why) {
        aliasProblems.computeIfAbsent(model, k -> new ConcurrentHashMap<>()).put(alias, why);
    }

    /**
     * The version serving a request: an explicit version number or alias; without one, the
     * {@code production} alias when the model has it, else the highest loaded version.
     *
     * @throws ModelNotFoundException when the model, version or alias is not serving
     * @throws InvalidNameException when the name is not a valid model name
     */
    public LoadedModel resolve(String model, String version) {
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

    /** The versions of a model that are serving, ascending; empty when none. */
    public List<LoadedModel> versions(String model) {
        Snapshot s = serving.get(model);
        return s == null ? List.of() : List.copyOf(s.versions().values());
    }

    /** The aliases requests can use for a model, with the versions they route to now. */
    public Map<String, Long> aliases(String model) {
        Snapshot s = serving.get(model);
        return s == null ? Map.of() : s.aliases();
    }

    public Optional<LoadedModel> find(String model, long version) {
        Snapshot s = serving.get(model);
        return Optional.ofNullable(s == null ? null : s.versions().get(version));
    }

    /** Every serving version. */
    public List<LoadedModel> loaded() {
        List<LoadedModel> out = new ArrayList<>();
        new TreeMap<>(serving).values().forEach(s -> out.addAll(s.versions().values()));
        return out;
    }

    /**
     * The repository index: every model present and the state of each version seen, plus one
     * UNAVAILABLE line per alias that cannot route where it points.
     */
    public List<VersionState> index() throws ModelLoadException {
        List<VersionState> out = new ArrayList<>();
        for (String model : repository.modelNames()) {
            NavigableMap<Long, VersionState> s = states.get(model);
            if (s == null || s.isEmpty()) {
                out.add(new VersionState(model, 0, VersionState.UNLOADED, ""));
            } else {
                out.addAll(s.values());
            }
            Map<String, String> problems = aliasProblems.getOrDefault(model, Map.of());
            for (Map.Entry<String, String> p : new TreeMap<>(problems).entrySet()) {
                out.add(new VersionState(model, 0, VersionState.UNAVAILABLE, p.getValue()));
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        for (String model : new ArrayList<>(serving.keySet())) {
            unload(model);
        }
    }
}
