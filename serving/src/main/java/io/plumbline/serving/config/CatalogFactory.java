package io.plumbline.serving.config;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.plumbline.model.FileModelRepository;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.ModelRepository;
import io.plumbline.model.onnx.OnnxEngineFactory;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** Builds the model repository and catalog from configuration. */
@Factory
final class CatalogFactory {

    @Singleton
    ModelRepository repository(RegistryConfig config) {
        return new FileModelRepository(localPath(config.uri()));
    }

    @Singleton
    @Bean(preDestroy = "close")
    ModelCatalog catalog(ModelRepository repository, EngineConfig engine) {
        return new ModelCatalog(repository, List.of(new OnnxEngineFactory(engine.options())));
    }

    /** {@code file:./models} and {@code file:models} are relative to the working directory. */
    static Path localPath(String uri) {
        if (uri.startsWith("file://")) {
            return Path.of(URI.create(uri));
        }
        if (uri.startsWith("file:")) {
            return Path.of(uri.substring("file:".length()));
        }
        if (uri.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("plumbline.registry.uri '" + uri + "': only file: repositories are "
                    + "supported in this build");
        }
        return Path.of(uri);
    }
}
