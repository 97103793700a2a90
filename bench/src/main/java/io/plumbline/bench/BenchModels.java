package io.plumbline.bench;

import io.plumbline.model.ModelLoadException;
import io.plumbline.model.ModelManifest;
import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineOptions;
import io.plumbline.model.onnx.OnnxEngineFactory;
import io.plumbline.model.testing.TestModels;
import io.plumbline.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The two models every benchmark uses: the demo weather model (4 floats in, 5 probabilities out)
 * and the bench MLP, big enough that compute matters: 64 inputs, three 512-wide ReLU layers,
 * 10 outputs (about 0.6 M multiply-adds per row).
 */
public final class BenchModels {
    public static final String DEMO = "weather";
    public static final String DEMO_INPUT = "features";
    public static final String DEMO_OUTPUT = "probabilities";
    public static final int DEMO_WIDTH = 4;
    public static final String MLP = "mlp";
    public static final String MLP_INPUT = "x";
    public static final String MLP_OUTPUT = "y";
    public static final int MLP_WIDTH = 64;

    /** What the server runs with by default: one thread inside and across operators. */
    public static final EngineOptions ENGINE_OPTIONS = new EngineOptions(1, 1, "all");

    private BenchModels() {
    }

    /** The demo repository: {@code -Dplumbline.models}, else {@code models} under the working directory. */
    public static Path demoRepository() {
        Path repo = Path.of(System.getProperty("plumbline.models", "models")).toAbsolutePath();
        if (!Files.isRegularFile(repo.resolve(DEMO).resolve("1").resolve(OnnxEngineFactory.MODEL_FILE))) {
            throw new IllegalStateException("no demo model under " + repo + ": run from the repository root or set "
                    + "-Dplumbline.models=<repo>/models");
        }
        return repo;
    }

    /** Writes the bench MLP as {@code dir/model.onnx}; same bytes every time (seeded). */
    public static Path writeMlp(Path dir) throws IOException {
        return TestModels.mlp(dir, MLP_WIDTH, 512, 3, 10, 42);
    }

    public static Engine load(Path versionDir, String what) throws ModelLoadException {
        return new OnnxEngineFactory(ENGINE_OPTIONS).load(versionDir, ModelManifest.DEFAULT, what);
    }

    /** Loads {@code weather} from the demo repository or a fresh {@code mlp} from a temp directory. */
    public static Engine load(String model) throws IOException, ModelLoadException {
        if (DEMO.equals(model)) {
            return load(demoRepository().resolve(DEMO).resolve("1"), DEMO + "/1");
        }
        if (MLP.equals(model)) {
            Path dir = Files.createTempDirectory("plumbline-mlp");
            writeMlp(dir);
            return load(dir, MLP + "/1");
        }
        throw new IllegalArgumentException("unknown bench model '" + model + "': weather or mlp");
    }

    public static String inputName(String model) {
        return DEMO.equals(model) ? DEMO_INPUT : MLP_INPUT;
    }

    public static String outputName(String model) {
        return DEMO.equals(model) ? DEMO_OUTPUT : MLP_OUTPUT;
    }

    public static int width(String model) {
        return DEMO.equals(model) ? DEMO_WIDTH : MLP_WIDTH;
    }

    /** {@code rows} rows of plausible inputs for {@code model}: weather-like for the demo, N(0,1) for the MLP. */
    public static float[] rows(String model, int rows, long seed) {
        Random random = new Random(seed);
        int width = width(model);
        float[] v = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < width; c++) {
                v[r * width + c] = DEMO.equals(model) ? demoValue(c, random) : (float) random.nextGaussian();
            }
        }
        return v;
    }

    public static Tensor tensor(String model, int rows, long seed) {
        return Tensor.ofFloats(inputName(model), new long[] {rows, width(model)}, rows(model, rows, seed));
    }

    /** precipitation (mm), temp_max, temp_min (degrees C), wind (m/s), as in the demo data. */
    private static float demoValue(int column, Random random) {
        return switch (column) {
            case 0 -> (float) Math.max(0, random.nextGaussian() * 5);
            case 1 -> (float) (16 + random.nextGaussian() * 7);
            case 2 -> (float) (8 + random.nextGaussian() * 5);
            default -> (float) Math.abs(3 + random.nextGaussian() * 1.4);
        };
    }
}
