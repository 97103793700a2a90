package io.plumbline.serving.onboard;

import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.events.profile.ReferenceProfileCodec;
import io.plumbline.model.AtomicFiles;
import io.plumbline.model.Checksums;
import io.plumbline.model.ManifestReader;
import io.plumbline.model.ModelLoadException;
import io.plumbline.model.ModelManifest;
import io.plumbline.model.ModelName;
import io.plumbline.model.ModelSignature;
import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineOptions;
import io.plumbline.model.onnx.OnnxEngineFactory;
import io.plumbline.monitor.data.TableReader;
import io.plumbline.monitor.data.Tables;
import io.plumbline.monitor.profile.ColumnSpec;
import io.plumbline.monitor.profile.DatasetProfiler;
import io.plumbline.monitor.profile.ProfileOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Does {@code models add}: reads the model's signature with the loader's ONNX engine, maps the data's
 * columns onto it ({@link ColumnPlan}), runs the model over the data ({@link ReferenceRun}), profiles
 * inputs and outputs with the monitor's profiler, and publishes the version the way the README asks
 * (written aside in a hidden directory the repository skips, then renamed into place), so a server
 * polling the repository never sees half a version.
 */
final class ModelAdder {
    static final String PROFILE_FILE = "reference-profile.json";
    static final String MANIFEST_FILE = "model.yaml";

    private final AddOptions options;
    private final PrintStream out;
    private final PrintStream err;

    ModelAdder(AddOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    void add() throws IOException, Refusal {
        String name = options.name();
        if (!ModelName.isValid(name)) {
            throw new Refusal("'" + ModelName.printable(name) + "' is not a model name: use letters, digits, '_', "
                    + "'.' and '-' (1-128 characters, no '..')");
        }
        requireFile(options.model(), "--model");
        requireFile(options.data(), "--data");
        if (!options.model().getFileName().toString().endsWith(".onnx")) {
            throw new Refusal(options.model() + ": models add takes ONNX models (.onnx); for a DJL model write "
                    + "model.yaml by hand (model-loader/REGISTRY.md) and profile with plumbline-monitor.jar profile");
        }
        Path modelDir = options.repo().resolve(name);
        Files.createDirectories(options.repo());
        Path staging = Files.createTempDirectory(options.repo(), ".adding-" + name + "-");
        try {
            Path version = Files.createDirectory(staging.resolve("version"));
            Files.copy(options.model(), version.resolve(OnnxEngineFactory.MODEL_FILE));
            List<String> dataHeader = header(options.data());
            ColumnPlan plan = ColumnPlan.of(signature(version), options, dataHeader);
            int labelIndex = labelIndex(dataHeader, plan);
            String manifestText = ManifestText.of(plan);
            ModelManifest manifest = manifest(manifestText);
            boolean newManifest = checkExistingManifest(modelDir.resolve(MANIFEST_FILE), manifest);
            Path table = staging.resolve("reference-with-outputs.csv");
            long rows;
            try (Engine engine = load(version, manifest)) {
                out.println("read the signature of " + options.model() + ": inputs " + engine.signature().inputs()
                        + ", outputs " + engine.signature().outputs());
                rows = new ReferenceRun(plan, engine, err, options.labelColumn(), labelIndex)
                        .write(options.data(), table);
            }
            out.printf("ran the model on %,d rows of %s%n", rows, options.data());
            plan.notes.forEach(n -> out.println("note: " + n));
            ReferenceProfile profile = profile(table, plan);
            Files.delete(table);
            new ReferenceProfileCodec().write(profile, version.resolve(PROFILE_FILE));
            writeSums(version);
            if (newManifest) {
                AtomicFiles.write(modelDir.resolve(MANIFEST_FILE), manifestText.getBytes(StandardCharsets.UTF_8));
                readableByAll(modelDir.resolve(MANIFEST_FILE));
                out.println("wrote " + modelDir.resolve(MANIFEST_FILE));
            }
            Path target = modelDir.resolve(Integer.toString(nextVersion(modelDir)));
            Files.move(version, target);
            report(target, profile);
        } finally {
            deleteTree(staging);
        }
    }

    /** The label column's index in the data, or -1 without one; refused when absent or already a column. */
    private int labelIndex(List<String> dataHeader, ColumnPlan plan) throws Refusal {
        String label = options.labelColumn();
        if (label == null) {
            return -1;
        }
        if (!dataHeader.contains(label)) {
            throw new Refusal("--label-column " + label + ": the data has no such column; it has " + dataHeader);
        }
        if (plan.profileColumns().contains(label)) {
            throw new Refusal("--label-column " + label + " is also a feature or output column");
        }
        return dataHeader.indexOf(label);
    }

    /**
     * Profiles the table of inputs and outputs. With a label column and exactly one output with class labels,
     * that output's columns are its class probabilities and the profiler fits the calibration map on them.
     */
    private ReferenceProfile profile(Path table, ColumnPlan plan) throws IOException, Refusal {
        List<String> probabilities = List.of();
        List<ColumnPlan.Output> labelled = plan.outputs.stream().filter(o -> !o.labels().isEmpty()).toList();
        if (options.labelColumn() != null && labelled.size() == 1 && labelled.get(0).profileColumns().size() >= 2) {
            probabilities = labelled.get(0).profileColumns();
        }
        try {
            return new DatasetProfiler(ProfileOptions.defaults(), new Tables(), err).profile(table,
                    new ColumnSpec(plan.profileColumns(), Set.of(), Set.copyOf(plan.outputColumns()),
                            options.labelColumn(), probabilities));
        } catch (IllegalArgumentException e) {
            // An unknown label or a score outside [0, 1]: the data or the options are wrong, not the code.
            throw new Refusal(e.getMessage());
        }
    }

    private ModelSignature signature(Path version) throws Refusal {
        try (Engine engine = load(version, ModelManifest.DEFAULT)) {
            return engine.signature();
        }
    }

    private Engine load(Path version, ModelManifest manifest) throws Refusal {
        try {
            return new OnnxEngineFactory(EngineOptions.DEFAULT).load(version, manifest, options.model().toString());
        } catch (ModelLoadException e) {
            throw new Refusal(e.getMessage());
        }
    }

    /** The manifest as the server will read it: written as text, parsed by the loader's reader. */
    private static ModelManifest manifest(String text) throws IOException {
        try {
            return ManifestReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), MANIFEST_FILE);
        } catch (ModelLoadException e) {
            throw new IOException("the manifest written does not read back (a bug): " + e.getMessage(), e);
        }
    }

    /**
     * True when the model is new. A next version keeps the existing manifest, which must describe the same
     * tensors and columns: it applies to every version, and a profile built for other columns would be
     * compared with the wrong features.
     */
    private static boolean checkExistingManifest(Path file, ModelManifest wanted) throws Refusal, IOException {
        if (!Files.exists(file)) {
            return true;
        }
        ModelManifest existing;
        try {
            existing = ManifestReader.read(file, file.toString());
        } catch (ModelLoadException e) {
            throw new Refusal(e.getMessage());
        }
        if (!existing.inputs().equals(wanted.inputs()) || !existing.outputs().equals(wanted.outputs())) {
            throw new Refusal(file + " describes other tensors or columns (inputs " + existing.inputs() + " "
                    + features(existing) + "): add this model under a new name, or edit " + file + " first");
        }
        return false;
    }

    private static String features(ModelManifest m) {
        return m.inputs().stream().map(t -> t.name() + "=" + t.features()).toList().toString();
    }

    private static void requireFile(Path file, String option) throws Refusal {
        if (!Files.isRegularFile(file)) {
            throw new Refusal(option + " " + file + ": no such file");
        }
    }

    private static List<String> header(Path data) throws IOException {
        try (TableReader reader = new Tables().open(data)) {
            return reader.header();
        }
    }

    /** One more than the highest version directory (1 for a new model). */
    static int nextVersion(Path modelDir) throws IOException {
        if (!Files.isDirectory(modelDir)) {
            return 1;
        }
        int max = 0;
        try (var children = Files.list(modelDir)) {
            for (Path p : (Iterable<Path>) children::iterator) {
                String n = p.getFileName().toString();
                if (Files.isDirectory(p) && n.matches("[1-9][0-9]{0,8}")) {
                    max = Math.max(max, Integer.parseInt(n));
                }
            }
        }
        return max + 1;
    }

    /** SHA256SUMS in sha256sum's format over every file of the version, as the {@code sign} command writes it. */
    private static void writeSums(Path version) throws IOException {
        Set<String> files = new TreeSet<>();
        try (var list = Files.list(version)) {
            list.forEach(p -> files.add(p.getFileName().toString()));
        }
        StringBuilder b = new StringBuilder();
        try {
            for (String f : files) {
                b.append(Checksums.sha256(version.resolve(f))).append("  ").append(f).append('\n');
            }
        } catch (ModelLoadException e) {
            throw new IOException(e.getMessage(), e);
        }
        AtomicFiles.write(version.resolve(Checksums.FILE_NAME), b.toString().getBytes(StandardCharsets.UTF_8));
        readableByAll(version.resolve(Checksums.FILE_NAME));
    }

    /** AtomicFiles writes owner-only files; a repository is often read by a server running as another user. */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
    }

    private void report(Path target, ReferenceProfile profile) {
        long inputs = profile.features().stream().filter(f -> f.role() == FeatureRole.INPUT).count();
        out.println("wrote " + target.resolve(OnnxEngineFactory.MODEL_FILE));
        out.printf("wrote %s (%d rows; %d inputs, %d outputs)%n", target.resolve(PROFILE_FILE), profile.rows(), inputs,
                profile.features().size() - inputs);
        out.println("wrote " + target.resolve(Checksums.FILE_NAME));
        out.println("Serve it (drift monitoring starts with it):");
        out.println("  " + ServeCommand.line(options.repo()));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
