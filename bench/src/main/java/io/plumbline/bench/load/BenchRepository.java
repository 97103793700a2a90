package io.plumbline.bench.load;

import io.plumbline.bench.BenchModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The model repository the server is started on: the demo model copied as is, the bench MLP with
 * batching tuned for it ({@code mlp}: 64 rows, 200 us queue delay), and the same MLP with batching
 * off ({@code mlp_nobatch}), so on and off are measured on one server, side by side.
 */
final class BenchRepository {
    static final String MLP_NOBATCH = "mlp_nobatch";

    private BenchRepository() {
    }

    static Path create(Path demoRepository, Path root) throws IOException {
        copy(demoRepository.resolve(BenchModels.DEMO), root.resolve(BenchModels.DEMO));
        mlp(root.resolve(BenchModels.MLP), """
                batching:
                  enabled: true
                  max-batch-size: 64
                  max-queue-delay-us: 200
                """);
        mlp(root.resolve(MLP_NOBATCH), """
                batching:
                  enabled: false
                """);
        return root;
    }

    private static void mlp(Path dir, String batching) throws IOException {
        BenchModels.writeMlp(dir.resolve("1"));
        Files.writeString(dir.resolve("model.yaml"), "# Bench MLP: 64 -> 3 x 512 ReLU -> 10, written by the bench harness.\n"
                + "engine: onnxruntime\n" + batching);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
