package io.plumbline.serving.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.plumbline.model.ModelRepository;
import io.plumbline.model.s3.S3ModelRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The S3 repository (and the S3 client it owns) is closed when serving's application context stops. */
class RepositoryCloseTest {
    @Test
    void s3Repository_isClosedWithTheContext() throws Exception {
        Path cache = Files.createTempDirectory("plumbline-s3-cache");
        // Nothing listens at the endpoint: the context is not started as a server, so nothing is listed.
        ApplicationContext context = ApplicationContext.run(Map.of("plumbline.registry.uri", "s3://models-bucket/prod",
                "plumbline.registry.s3.endpoint", "http://127.0.0.1:9", "plumbline.registry.s3.access-key", "k",
                "plumbline.registry.s3.secret-key", "s", "plumbline.registry.s3.cache-dir", cache.toString()), "test");
        S3ModelRepository repository;
        try {
            repository = assertInstanceOf(S3ModelRepository.class, context.getBean(ModelRepository.class));
            assertFalse(repository.closed());
        } finally {
            context.close();
        }
        assertTrue(repository.closed(), "closed when the context stopped");
    }
}
