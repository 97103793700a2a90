package io.plumbline.model.testing;

import io.plumbline.model.Checksums;
import io.plumbline.model.ModelLoadException;
import io.plumbline.tensor.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lays out model repositories for tests: {@code <repo>/<model>/model.yaml},
 * {@code <repo>/<model>/<version>/model.onnx} and {@code SHA256SUMS}.
 */
public final class TestRepos {

    private TestRepos() {
    }

    /**
     * The committed demo model, {@code models/weather}, found from the working directory upwards
     * (Maven runs a module's tests in the module directory).
     */
    public static Path demoModel() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("models").resolve("weather");
            if (Files.isRegularFile(candidate.resolve("model.yaml"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("models/weather not found above " + Path.of("").toAbsolutePath());
    }

    /** Copies the demo model (manifest and version 1) into {@code repo/name}; returns the model directory. */
    public static Path copyDemo(Path repo, String name) throws IOException {
        Path src = demoModel();
        Path model = Files.createDirectories(repo.resolve(name));
        Files.copy(src.resolve("model.yaml"), model.resolve("model.yaml"));
        Path version = Files.createDirectories(model.resolve("1"));
        Files.copy(src.resolve("1/model.onnx"), version.resolve("model.onnx"));
        Files.copy(src.resolve("1/reference-profile.json"), version.resolve("reference-profile.json"));
        Files.copy(src.resolve("1/SHA256SUMS"), version.resolve("SHA256SUMS"));
        return model;
    }

    /**
     * Writes an identity model of {@code type} as {@code repo/model/version/model.onnx} with a
     * correct {@code SHA256SUMS}; returns the version directory.
     */
    public static Path identityVersion(Path repo, String model, long version, DataType type) throws IOException {
        Path dir = repo.resolve(model).resolve(Long.toString(version));
        TestModels.identity(dir, type);
        writeSums(dir, "model.onnx");
        return dir;
    }

    /** Writes {@code dir/SHA256SUMS} for the named files, in sha256sum's text format. */
    public static Path writeSums(Path dir, String... files) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String f : files) {
            b.append(sha256(dir.resolve(f))).append("  ").append(f).append('\n');
        }
        return Files.writeString(dir.resolve(Checksums.FILE_NAME), b.toString(), StandardCharsets.UTF_8);
    }

    /** Writes {@code repo/model/model.yaml}; returns the file. */
    public static Path writeManifest(Path repo, String model, String yaml) throws IOException {
        Path dir = Files.createDirectories(repo.resolve(model));
        return Files.writeString(dir.resolve("model.yaml"), yaml, StandardCharsets.UTF_8);
    }

    public static String sha256(Path file) {
        try {
            return Checksums.sha256(file);
        } catch (ModelLoadException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }
}
