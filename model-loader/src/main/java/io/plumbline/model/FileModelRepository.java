package io.plumbline.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A model repository on the local file system. */
public final class FileModelRepository implements ModelRepository {
    private static final Logger LOG = LoggerFactory.getLogger(FileModelRepository.class);
    static final String MANIFEST = "model.yaml";
    private static final long SMALL_FILE = 1 << 20;

    private final Path root;

    public FileModelRepository(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public List<String> modelNames() throws ModelLoadException {
        if (!Files.isDirectory(root)) {
            throw new ModelLoadException("model repository " + root + " does not exist or is not a directory "
                    + "(set plumbline.registry.uri / PLUMBLINE_REGISTRY_URI)");
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path p : (Iterable<Path>) children.sorted()::iterator) {
                String name = p.getFileName().toString();
                if (!Files.isDirectory(p) || name.startsWith(".")) {
                    continue;
                }
                if (!ModelName.isValid(name)) {
                    LOG.warn("Skipping directory '{}' in {}: not a valid model name", ModelName.printable(name), root);
                    continue;
                }
                names.add(name);
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot list model repository " + root + ": " + e.getMessage(), e);
        }
        return names;
    }

    @Override
    public NavigableSet<Long> versions(String model) throws ModelLoadException {
        Path dir = modelDirectory(model);
        NavigableSet<Long> versions = new TreeSet<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path p : (Iterable<Path>) children::iterator) {
                if (!Files.isDirectory(p)) {
                    continue;
                }
                String name = p.getFileName().toString();
                Long v = parseVersion(name);
                if (v == null) {
                    LOG.warn("Skipping '{}' in model '{}': version directories are positive integers",
                            ModelName.printable(name), model);
                } else {
                    versions.add(v);
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot list model '" + model + "': " + e.getMessage(), e);
        }
        return versions;
    }

    @Override
    public Optional<ModelManifest> manifest(String model) throws ModelLoadException {
        Path file = modelDirectory(model).resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(ManifestReader.read(file, model + "/" + MANIFEST));
    }

    @Override
    public Map<String, Long> aliases(String model) throws ModelLoadException {
        return AliasesReader.read(modelDirectory(model).resolve(AliasesReader.FILE_NAME),
                model + "/" + AliasesReader.FILE_NAME);
    }

    @Override
    public String fingerprint(String model, long version) throws ModelLoadException {
        Path dir = versionDirectory(model, version);
        StringBuilder b = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir, 4)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                if (Files.isRegularFile(p)) {
                    long size = Files.size(p);
                    b.append(dir.relativize(p)).append(':').append(size).append(':')
                            .append(Files.getLastModifiedTime(p).to(java.util.concurrent.TimeUnit.NANOSECONDS));
                    // Small files (SHA256SUMS, manifests, profiles) are hashed too: a same-size
                    // rewrite within the file system's timestamp resolution must still count.
                    if (size <= SMALL_FILE) {
                        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                        crc.update(Files.readAllBytes(p));
                        b.append(':').append(Long.toHexString(crc.getValue()));
                    }
                    b.append(';');
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + model + "/" + version + ": " + e.getMessage(), e);
        }
        return b.toString();
    }

    @Override
    public Path versionDirectory(String model, long version) throws ModelLoadException {
        if (version < 1) {
            throw new ModelLoadException("version " + version + " of '" + model + "' is not a positive integer");
        }
        Path dir = modelDirectory(model).resolve(Long.toString(version));
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("model '" + model + "' has no version " + version + " in " + root);
        }
        return dir;
    }

    private Path modelDirectory(String model) throws ModelLoadException {
        ModelName.requireValid("model", model);
        Path dir = root.resolve(model).normalize();
        // Belt and braces: a valid name cannot escape, but a symlink or a future change might.
        if (!dir.getParent().equals(root)) {
            throw new ModelLoadException("model '" + model + "' resolves outside the repository");
        }
        if (!Files.isDirectory(dir)) {
            throw ModelLoadException.absent(model);
        }
        return dir;
    }

    /** Parses a version directory name; null when it is not a positive decimal integer. */
    public static Long parseVersion(String name) {
        // A leading zero would make "01" and "1" the same version in two directories.
        if (name.isEmpty() || name.length() > 18 || name.charAt(0) == '0') {
            return null;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return null;
            }
        }
        long v = Long.parseLong(name);
        return v > 0 ? v : null;
    }

    @Override
    public String describe() {
        return root.toUri().toString();
    }
}
