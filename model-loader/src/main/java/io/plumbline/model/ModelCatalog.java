package io.plumbline.model;

import io.plumbline.model.engine.EngineFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model versions that are serving, loaded from a repository by each model's version policy
 * and aliases.
 *
 * <p>Three parts, one job each: {@link VersionLoader} turns a version directory into a warmed-up
 * engine, {@link Routes} holds what requests resolve to, {@link LoadStates} holds what the index
 * reports. This class orders them. Loads, reloads and unloads are serialised; reads are lock-free.
 *
 * <p>A reload is invisible to clients: a new or changed version loads and warms up beside what is
 * serving, its listeners attach what requests need (the batcher) while it is still invisible, and
 * only then one {@link Routes#publish} makes it routable. A version it replaces is retired after
 * that publish: requests that already hold it finish on it (it closes when the last releases),
 * and a request that resolved it but had not yet acquired it resolves again and finds the new
 * routing. A version that fails to load is recorded with its reason and leaves the serving
 * versions untouched; it is retried only when its files or its model's manifest change, and a
 * problem of a whole model (a manifest that cannot be read) is reported once per distinct reason.
 * An alias moved to a version that cannot load keeps routing to its last good target.
 */
public final class ModelCatalog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);
    /** The alias a request without a version goes to, when the model defines it. */
    public static final String DEFAULT_ALIAS = Routes.DEFAULT_ALIAS;

    private final ModelRepository repository;
    private final VersionLoader loader;
    private final Routes routes = new Routes();
    private final LoadStates states = new LoadStates();
    private final RegistryHealth health;
    private final List<CatalogListener> listeners = new CopyOnWriteArrayList<>();
    /** The models of the last successful listing, for the index while the repository is unreachable. */
    private volatile List<String> listed = List.of();

    public ModelCatalog(ModelRepository repository, List<EngineFactory> factories) {
        this(repository, factories, Clock.systemUTC());
    }

    /** @param clock when polls succeed, for {@link #registryHealth()} */
    public ModelCatalog(ModelRepository repository, List<EngineFactory> factories, Clock clock) {
        this(repository, factories, clock, VersionVerifier.CHECKSUMS);
    }

    /** @param verifier checks each version's files before it loads (checksums, signatures) */
    public ModelCatalog(ModelRepository repository, List<EngineFactory> factories, Clock clock,
            VersionVerifier verifier) {
        this.repository = repository;
        this.loader = new VersionLoader(repository, factories, verifier);
        this.health = new RegistryHealth(clock);
    }

    public void addListener(CatalogListener listener) {
        listeners.add(listener);
    }

    public ModelRepository repository() {
        return repository;
    }

    public RegistryHealth registryHealth() {
        return health;
    }

    /** Loads every model in the repository; returns the number of versions serving. */
    public synchronized int loadAll() throws ModelLoadException {
        for (String model : list()) {
            loadRecorded(model);
        }
        return routes.loaded().size();
    }

    /**
     * Re-reads the whole repository: new models and versions load, changed ones reload, moved
     * aliases move, and models that disappeared are unloaded. What fails keeps what serves.
     *
     * @throws ModelLoadException when the repository cannot be listed (nothing serving changes)
     */
    public synchronized void refresh() throws ModelLoadException {
        List<String> present = list();
        for (String model : present) {
            loadRecorded(model);
        }
        for (String model : routes.models()) {
            if (!present.contains(model)) {
                LOG.info("Model '{}' left the repository; unloading", model);
                unload(model);
                states.forget(model);
            }
        }
    }

    /** One poll's listing; its outcome is the registry's health. */
    private List<String> list() throws ModelLoadException {
        try {
            List<String> models = repository.modelNames();
            listed = List.copyOf(models);
            health.succeeded();
            return models;
        } catch (ModelLoadException | RuntimeException e) {
            health.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        }
    }

    private void loadRecorded(String model) {
        try {
            load(model);
        } catch (ModelLoadException e) {
            // Already recorded and logged by load(); one bad model must not stop the others.
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
        Routes.Snapshot current = routes.get(model);
        ModelManifest manifest;
        NavigableSet<Long> available;
        try {
            manifest = repository.manifest(model).orElse(ModelManifest.DEFAULT);
            available = repository.versions(model);
        } catch (ModelLoadException e) {
            modelProblem(model, e.getMessage(), e.absent());
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
            modelProblem(model, "no version directory matches the version policy " + manifest.versionPolicy(), false);
            return !current.versions().isEmpty();
        }
        states.clearModelProblem(model);

        NavigableMap<Long, LoadedModel> next = new TreeMap<>();
        Map<Long, String> fingerprints = new HashMap<>();
        for (long v : wanted) {
            LoadedModel existing = current.versions().get(v);
            String fp = fingerprint(model, v);
            // A version is its files and its model's manifest: a changed model.yaml (labels, features,
            // batching, engine) reloads it like changed files do.
            boolean unchanged = existing != null && (fp == null || fp.equals(current.fingerprints().get(v)))
                    && existing.manifest().loadsLike(manifest);
            LoadedModel loaded = unchanged || states.failedBefore(model, v, fp, manifest) ? null
                    : loadVersion(model, v, manifest, fp, existing != null);
            if (loaded != null) {
                next.put(v, loaded);
                fingerprints.put(v, fp);
            } else if (existing != null) {
                next.put(v, existing);
                fingerprints.put(v, current.fingerprints().get(v));
            }
        }
        Map<String, String> aliasProblems = new HashMap<>();
        Map<String, Long> aliases = Routes.effectiveAliases(declared, current, next, aliasProblems);
        states.aliasProblems(model, aliasProblems).forEach(why -> LOG.warn("Model '{}': {}", model, why));
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
        swap(model, current, new Routes.Snapshot(Collections.unmodifiableNavigableMap(next),
                Map.copyOf(fingerprints), Map.copyOf(aliases)));
        return !next.isEmpty();
    }

    /**
     * Attaches the new versions (listeners set up batchers and gauges while nothing routes to
     * them), publishes the routing in one step, then retires what it no longer routes to.
     */
    private void swap(String model, Routes.Snapshot before, Routes.Snapshot next) {
        for (LoadedModel m : next.versions().values()) {
            if (before.versions().get(m.version()) != m) {
                notify(m, true);
            }
        }
        routes.publish(model, next);
        Set<LoadedModel> kept = new HashSet<>(next.versions().values());
        for (LoadedModel old : before.versions().values()) {
            if (!kept.contains(old)) {
                retire(old);
            }
        }
    }

    private Map<String, Long> readAliases(String model, Routes.Snapshot current) {
        try {
            Map<String, Long> declared = repository.aliases(model);
            states.aliasesFileRead(model);
            return declared;
        } catch (ModelLoadException e) {
            LOG.error("Model '{}': {}; keeping the aliases in use", model, e.getMessage());
            states.aliasesFileProblem(model, e.getMessage());
            return current.aliases();
        }
    }

    private String fingerprint(String model, long version) {
        try {
            return repository.fingerprint(model, version);
        } catch (ModelLoadException e) {
            return null;
        }
    }

    /** Loads a version, recording the outcome; null when it was refused. */
    private LoadedModel loadVersion(String model, long version, ModelManifest manifest, String fingerprint,
            boolean replacing) {
        states.record(model, version, VersionState.LOADING, "");
        try {
            LoadedModel loaded = loader.load(model, version, manifest);
            states.loadSucceeded(model, version);
            states.record(model, version, VersionState.READY, "");
            return loaded;
        } catch (ModelLoadException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.error("Refused {}/{}: {}", model, version, reason);
            states.loadFailed(model, version, fingerprint, manifest);
            refuse(model, version, reason);
            if (replacing) {
                LOG.warn("{}/{}: the changed version did not load; the previous files keep serving", model, version);
                states.record(model, version, VersionState.READY,
                        "serving the previous files; the new ones failed: " + reason);
            }
            return null;
        }
    }

    /**
     * A problem of the whole model (unreadable manifest, no version to load), logged and counted
     * once per distinct reason: the next poll finds it again, and an alert on load failures must not
     * keep firing for a problem that is already reported and unchanged.
     */
    private void modelProblem(String model, String reason, boolean absent) {
        if (!states.modelProblem(model, reason)) {
            return;
        }
        if (absent) {
            LOG.debug("Cannot load model '{}': {}", model, reason);
        } else {
            LOG.error("Cannot load model '{}': {} (reported once; retried at each poll)", model, reason);
        }
        listeners.forEach(l -> l.failed(model, 0, reason));
    }

    private void refuse(String model, long version, String reason) {
        states.record(model, version, VersionState.UNAVAILABLE, reason);
        listeners.forEach(l -> l.failed(model, version, reason));
    }

    /** Stops serving every version of a model; in-flight requests finish first. */
    public synchronized boolean unload(String model) {
        ModelName.requireValid("model", model);
        Routes.Snapshot current = routes.get(model);
        if (current.versions().isEmpty()) {
            return false;
        }
        routes.publish(model, Routes.Snapshot.EMPTY);
        current.versions().values().forEach(this::retire);
        return true;
    }

    /** Called only after the routing no longer leads to {@code m}. */
    private void retire(LoadedModel m) {
        if (routes.find(m.name(), m.version()).isEmpty()) {
            // Not when the same number serves again with new files: that line says READY.
            states.record(m.name(), m.version(), VersionState.UNLOADED, "");
        }
        notify(m, false);
        m.retire();
        LOG.info("Unloaded {}", m);
    }

    private void notify(LoadedModel m, boolean loaded) {
        for (CatalogListener l : listeners) {
            try {
                if (loaded) {
                    l.loaded(m);
                } else {
                    l.unloaded(m);
                }
            } catch (RuntimeException e) {
                LOG.warn("Catalog listener {} failed for {}: {}", l.getClass().getSimpleName(), m, e.toString());
            }
        }
    }

    /**
     * The version serving a request: an explicit version number or alias; without one, the
     * {@code production} alias when the model has it, else the highest loaded version.
     *
     * @throws ModelNotFoundException when the model, version or alias is not serving
     * @throws InvalidNameException when the name is not a valid model name
     */
    public LoadedModel resolve(String model, String version) {
        return routes.resolve(model, version);
    }

    /** The versions of a model that are serving, ascending; empty when none. */
    public List<LoadedModel> versions(String model) {
        return List.copyOf(routes.get(model).versions().values());
    }

    /** The aliases requests can use for a model, with the versions they route to now. */
    public Map<String, Long> aliases(String model) {
        return routes.get(model).aliases();
    }

    public Optional<LoadedModel> find(String model, long version) {
        return routes.find(model, version);
    }

    /** The models of the last successful listing of the repository (empty before one). */
    public List<String> listedModels() {
        return listed;
    }

    /** Every serving version. */
    public List<LoadedModel> loaded() {
        return routes.loaded();
    }

    /**
     * The repository index: every model of the last listing of the repository (start-up, each poll)
     * and every model loaded or refused since, with the state of each version seen, plus one UNAVAILABLE
     * line per alias that cannot route where it points. It never waits on the repository: an S3
     * endpoint that hangs must not hang the index. While polls fail, each line's reason says so.
     */
    public List<VersionState> index() {
        Set<String> models = new TreeSet<>(listed);
        models.addAll(routes.models());
        models.addAll(states.models());
        List<VersionState> lines = states.index(new ArrayList<>(models));
        RegistryHealth.State h = health.state();
        if (!h.degraded()) {
            return lines;
        }
        String note = "model repository unreachable (" + h.consecutiveFailures() + " failed poll(s), last success "
                + (h.lastSuccess() == null ? "never" : h.lastSuccess().toString()) + "): " + h.lastError();
        return lines.stream().map(s -> new VersionState(s.model(), s.version(), s.state(),
                s.reason().isEmpty() ? note : s.reason() + "; " + note)).toList();
    }

    @Override
    public synchronized void close() {
        for (String model : routes.models()) {
            unload(model);
        }
    }
}
