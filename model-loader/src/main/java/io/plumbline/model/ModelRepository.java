package io.plumbline.model;

import java.nio.file.Path;
import java.util.List;
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

    /** A local directory holding the version's files. */
    Path versionDirectory(String model, long version) throws ModelLoadException;

    /** A description for logs, e.g. {@code file:/srv/models}. */
    String describe();
}
