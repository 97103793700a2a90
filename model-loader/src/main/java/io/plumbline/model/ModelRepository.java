package io.plumbline.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;

/**
 * A source of models laid out like Triton's: {@code <model>/model.yaml},
 * {@code <model>/<version>/...}. Implementations hand out local directories (remote backends cache
 * them) and validate every name before it becomes a path.
 */
public interface ModelRepository {
    /** Names of the models present, valid names only, sorted. */
    List<String> modelNames() throws ModelLoadException;

    /** The numeric version directories of a model, ascending. */
    NavigableSet<Long> versions(String model) throws ModelLoadException;

    /** The model's manifest, or empty when it has none. */
    Optional<ModelManifest> manifest(String model) throws ModelLoadException;

    /**
     * The model's aliases from {@code aliases.yaml} ({@code production: 3}), empty when absent.
     * Alias names are validated; the versions they name may not exist (the catalog decides).
     */
    Map<String, Long> aliases(String model) throws ModelLoadException;

    /**
     * A value that changes whenever the version's files change (sizes and modification times, or
     * object ETags), so a poll reloads a replaced version without reading its bytes.
     */
    String fingerprint(String model, long version) throws ModelLoadException;

    /** A local directory holding the version's files. */
    Path versionDirectory(String model, long version) throws ModelLoadException;

    /** A description for logs, e.g. {@code file:/srv/models}. */
    String describe();
}
