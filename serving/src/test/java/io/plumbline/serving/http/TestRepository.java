package io.plumbline.serving.http;

import io.plumbline.model.Checksums;
import io.plumbline.model.testing.TestModels;
import io.plumbline.tensor.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model repository for serving tests: the shipped demo model, an identity model per datatype
 * (no manifest: their signatures are read from the files), a model that fails at run time, one
 * with a checksum mismatch and one whose file is not ONNX at all.
 */
public final class TestRepository {
    /** Datatypes ONNX Runtime's Java API can carry in both directions. */
    static final List<DataType> SERVED_TYPES = List.of(DataType.BOOL, DataType.UINT8, DataType.INT8,
            DataType.INT16, DataType.INT32, DataType.INT64, DataType.FP16, DataType.BF16, DataType.FP32,
            DataType.FP64, DataType.BYTES);
    static final Path DEMO = Path.of("..", "models", "weather").toAbsolutePath().normalize();

    private TestRepository() {
    }

    public static Path create() {
        try {
            Path root = Files.createTempDirectory("plumbline-repo");
            copyDemo(root.resolve("weather"));
            for (DataType t : SERVED_TYPES) {
                TestModels.identity(root.resolve("id_" + t.name().toLowerCase()).resolve("1"), t);
            }
            TestModels.identity(root.resolve("id_uint64").resolve("1"), DataType.UINT64);
            TestModels.reshapeTo3(root.resolve("reshape3").resolve("1"));
            Path corrupt = root.resolve("corrupt").resolve("1");
            TestModels.identity(corrupt, DataType.FP32);
            Files.writeString(corrupt.resolve(Checksums.FILE_NAME), "0".repeat(64) + "  model.onnx\n");
            Path garbage = root.resolve("garbage").resolve("1");
            Files.createDirectories(garbage);
            Files.write(garbage.resolve("model.onnx"), "this is not an ONNX model".getBytes());
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Properties for a {@code @MicronautTest} serving a fresh repository on a random HTTP port and a
     * free gRPC port (the default 8081 would collide with other test runs on the machine).
     *
     * @param extra more keys and values, in pairs
     */
    public static java.util.Map<String, String> serverProperties(String... extra) {
        java.util.Map<String, String> p = new java.util.HashMap<>();
        p.put("plumbline.registry.uri", create().toString());
        p.put("micronaut.server.port", "-1");
        p.put("grpc.server.port", Integer.toString(io.plumbline.testing.FreePorts.loopback(1)[0]));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            p.put(extra[i], extra[i + 1]);
        }
        return p;
    }

    public static void copyDemo(Path target) throws IOException {
        Files.createDirectories(target.resolve("1"));
        Files.copy(DEMO.resolve("model.yaml"), target.resolve("model.yaml"));
        for (String f : List.of("model.onnx", "reference-profile.json", Checksums.FILE_NAME)) {
            Files.copy(DEMO.resolve("1").resolve(f), target.resolve("1").resolve(f));
        }
    }
}
