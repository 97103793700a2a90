package io.plumbline.serving.events;

import io.plumbline.model.testing.TestModels;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.tensor.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small model repository for event tests: the demo weather model with the reference profile it
 * ships beside version 1, and identity models for INT64, FP32 and BYTES (each {@code x -> y}, shape
 * [-1, -1]).
 */
final class EventsRepository {
    static final Path DEMO_PROFILE = Path.of("..", "models", "weather", "1", ProfilePublisher.FILE_NAME)
            .toAbsolutePath().normalize();

    private EventsRepository() {
    }

    static Path create() {
        try {
            Path root = Files.createTempDirectory("plumbline-events-repo");
            TestRepository.copyDemo(root.resolve("weather"));
            Path profile = root.resolve("weather").resolve("1").resolve(ProfilePublisher.FILE_NAME);
            if (!Files.exists(profile)) {
                Files.copy(DEMO_PROFILE, profile);
            }
            for (DataType t : new DataType[] {DataType.INT64, DataType.FP32, DataType.BYTES}) {
                TestModels.identity(root.resolve("id_" + t.name().toLowerCase()).resolve("1"), t);
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
