package io.plumbline.serving.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code plumbline.security.jwt.*}: bearer JWTs as an alternative to API keys.
 *
 * @param jwks where the signing keys are: an {@code https://} URL (fetched, cached and refreshed) or
 *     a JWK set file; unset turns JWTs off
 * @param issuer the required {@code iss}
 * @param audience a value the {@code aud} claim must hold
 * @param scopesClaim the claim with the scopes: a space-separated string ({@code scope}) or a list
 *     ({@code scp})
 * @param nameClaim the claim logs name the caller by
 */
@ConfigurationProperties(JwtConfig.PREFIX)
record JwtConfig(
        @Nullable String jwks,
        @Nullable String issuer,
        @Nullable String audience,
        @Bindable(defaultValue = "scope") String scopesClaim,
        @Bindable(defaultValue = "sub") String nameClaim) {
    static final String PREFIX = "plumbline.security.jwt";

    boolean configured() {
        return jwks != null && !jwks.isBlank();
    }
}
