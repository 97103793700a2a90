package io.plumbline.serving.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code plumbline.registry.*}.
 *
 * @param uri the model repository: {@code file:./models}, {@code file:/abs/path} or a plain path
 */
@ConfigurationProperties("plumbline.registry")
public record RegistryConfig(@Bindable(defaultValue = "file:./models") String uri) {
}
