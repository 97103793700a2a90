package io.plumbline.serving.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code plumbline.repository-api.*}: the V2 repository extension (index, load, unload), which lets a
 * caller take every model out of service.
 *
 * @param enabled unset: on when authentication is on (then only the {@code admin} scope may use it),
 *     off when it is off, so an open server cannot be emptied by anyone who reaches it; {@code true}
 *     turns it on without authentication too (a trusted network), {@code false} off in any case
 */
@ConfigurationProperties(RepositoryApiConfig.PREFIX)
record RepositoryApiConfig(@Nullable Boolean enabled) {
    static final String PREFIX = "plumbline.repository-api";
}
