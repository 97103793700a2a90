package io.plumbline.serving.config;

import io.micronaut.context.event.BeanPreDestroyEvent;
import io.micronaut.context.event.BeanPreDestroyEventListener;
import io.plumbline.model.ModelRepository;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the model repository when the application context stops, after the catalog that reads it:
 * the S3 repository owns its S3 client (HTTP connections, credential refresh). A factory method's
 * {@code preDestroy} cannot do it, as it names a method of the declared type and
 * {@link ModelRepository} has no {@code close}.
 */
@Singleton
final class RepositoryCloser implements BeanPreDestroyEventListener<ModelRepository> {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryCloser.class);

    @Override
    public ModelRepository onPreDestroy(BeanPreDestroyEvent<ModelRepository> event) {
        ModelRepository repository = event.getBean();
        if (repository instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("Closing the model repository {} failed: {}", repository.describe(), e.toString());
            }
        }
        return repository;
    }
}
