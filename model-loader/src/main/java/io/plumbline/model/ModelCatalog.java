package io.plumbline.model;

import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model versions that are serving, loaded from a repository by each model's version policy.
 * Reads are lock-free (an immutable version map per model, swapped whole); loads and unloads are
 * serialised. A version that fails to load is recorded and leaves the serving versions untouched.
 */
public final class ModelCatalog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

    private final ModelRepository repository;
    private final Map<String, EngineFactory> factories;
    private final Map<String, NavigableMap<Long, LoadedModel>> serving = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<Long, VersionState>> states = new ConcurrentHashMap<>();
    private final List<CatalogListener> listeners = new CopyOnWriteArrayList<>();

    public ModelCatalog(ModelRepository repository, List<EngineFactory> factories) {
        this.repository = repository;
        Map<String, EngineFactory> byName = new ConcurrentHashMap<>();
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
        return serving.values().stream().mapToInt(Map::size).sum();
    }

    /**
     * Loads (or re-reads) one model: versions its policy selects are loaded beside what is serving,
     * versions it no longer selects are unloaded after the new ones are ready.
     *
     * @return true when at least one version of the model is serving afterwards
     */
    public synchronized boolean load(String model) throws ModelLoadException {
        ModelName.requireValid("model", model);
        ModelManifest manifest;
        NavigableSet<Long> selected;
        try {
            manifest = repository.manifest(model).orElse(ModelManifest.DEFAULT);
            selected = manifest.versionPolicy().select(repository.versions(model));
        } catch (ModelLoadException e) {
            LOG.error("Cannot load model '{}': {}", model, e.getMessage());
            record(model, 0, VersionState.UNAVAILABLE, e.getMessage());
            listeners.forEach(l -> l.failed(model, 0, e.getMessage()));
            throw e;
        }
        if (selected.isEmpty()) {
            String why = "no version directory matches the version policy " + manifest.versionPolicy();
            LOG.error("Cannot load model '{}': {}", model, why);
            record(model, 0, VersionState.UNAVAILABLE, why);
            listeners.forEach(l -> l.failed(model, 0, why));
            return serving.containsKey(model);
        }
        states.computeIfPresent(model, (k, m) -> {
            m.remove(0L);
            return m;
        });
        NavigableMap<Long, LoadedModel> current = serving.getOrDefault(model, Collections.emptyNavigableMap());
        NavigableMap<Long, LoadedModel> next = new TreeMap<>();
        for (long v : selected) {
            LoadedModel existing = current.get(v);
            if (existing != null) {
                next.put(v, existing);
                continue;
            }
            LoadedModel loaded = loadVersion(model, v, manifest);
            if (loaded != null) {
                next.put(v, loaded);
            }
        }
        if (next.isEmpty() && !current.isEmpty()) {
            // Nothing new could load: keep what was serving rather than go dark.
            LOG.warn("Model '{}': no selected version could load; versions {} keep serving", model, current.keySet());
            return true;
        }
        swap(model, next);
        for (Map.Entry<Long, LoadedModel> e : current.entrySet()) {
            if (!next.containsKey(e.getKey())) {
                retire(e.getValue());
            }
        }
        return !next.isEmpty();
    }

    private LoadedModel loadVersion(String model, long version, ModelManifest manifest) {
        String what = model + "/" + version;
        record(model, version, VersionState.LOADING, "");
        try {
            EngineFactory factory = factories.get(manifest.engine());
            if (factory == null) {
                throw new ModelLoadException(what + ": engine '" + manifest.engine() + "' is not available (have "
                        + new java.util.TreeSet<>(factories.keySet()) + ")");
            }
            Path dir = repository.versionDirectory(model, version);
            int verified = Checksums.verify(dir, what);
            Engine engine = factory.load(dir, manifest, what);
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

    private void swap(String model, NavigableMap<Long, LoadedModel> next) {
        NavigableMap<Long, LoadedModel> before = serving.get(model);
        if (next.isEmpty()) {
            serving.remove(model);
        } else {
            serving.put(model, Collections.unmodifiableNavigableMap(next));
        }
        for (LoadedModel m : next.values()) {
            if (before == null || before.get(m.version()) != m) {
                listeners.forEach(l -> l.loaded(m));
            }
        }
    }

    /** Stops serving every version of a model; in-flight requests finish first. */
    public synchronized boolean unload(String model) {
        ModelName.requireValid("model", model);
        NavigableMap<Long, LoadedModel> current = serving.remove(model);
        if (current == null) {
            return false;
        }
        current.values().forEach(this::retire);
        return true;
    }

    private void retire(LoadedModel m) {
        record(m.name(), m.version(), VersionState.UNLOADED, "");
        listeners.forEach(l -> l.unloaded(m));
        m.retire();
        LOG.info("Unloaded {}", m);
    }

    private void record(String model, long version, String state, String reason) {
        states.computeIfAbsent(model, k -> new ConcurrentSkipListMap<>())
                .put(version, new VersionState(model, version, state, reason));
    }

    /**
     * The version serving a request: an explicit version label, or the highest loaded version.
     *
     * @throws ModelNotFoundException when the model or version is not serving
     * @throws InvalidNameException when the name is not a valid model name
     */
    public LoadedModel resolve(String model, String version) {
        ModelName.requireValid("model", model);
        NavigableMap<Long, LoadedModel> versions = serving.get(model);
        if (versions == null || versions.isEmpty()) {
            throw new ModelNotFoundException("model '" + model + "' is not loaded");
        }
        if (version == null || version.isEmpty()) {
            return versions.lastEntry().getValue();
        }
        Long v = FileModelRepository.parseVersion(version);
        if (v == null) {
            throw new ModelNotFoundException("model '" + model + "' has no version '" + ModelName.printable(version)
                    + "' (versions are positive integers)");
        }
        LoadedModel m = versions.get(v);
        if (m == null) {
            throw new ModelNotFoundException("model '" + model + "' has no loaded version " + v
                    + " (loaded: " + versions.keySet() + ")");
        }
        return m;
    }

    /** The versions of a model that are serving, ascending; empty when none. */
    public List<LoadedModel> versions(String model) {
        NavigableMap<Long, LoadedModel> versions = serving.get(model);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    public Optional<LoadedModel> find(String model, long version) {
        NavigableMap<Long, LoadedModel> versions = serving.get(model);
        return Optional.ofNullable(versions == null ? null : versions.get(version));
    }

    /** Every serving version. */
    public List<LoadedModel> loaded() {
        List<LoadedModel> out = new ArrayList<>();
        new TreeMap<>(serving).values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    /** The repository index: every model present and the state of each version seen. */
    public List<VersionState> index() throws ModelLoadException {
        List<VersionState> out = new ArrayList<>();
        for (String model : repository.modelNames()) {
            NavigableMap<Long, VersionState> s = states.get(model);
            if (s == null || s.isEmpty()) {
                out.add(new VersionState(model, 0, VersionState.UNLOADED, ""));
            } else {
                out.addAll(s.values());
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
