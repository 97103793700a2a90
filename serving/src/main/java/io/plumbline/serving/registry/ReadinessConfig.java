package io.plumbline.serving.registry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * {@code plumbline.readiness.*}: what "ready" requires once the repository has loaded.
 *
 * @param require {@code any} (default: at least one model version serving), {@code all} (every
 *     model of the repository serves a version), or model names that must each serve a version
 *     ({@code [weather, fraud]}; {@code PLUMBLINE_READINESS_REQUIRE=weather,fraud})
 * @param failAtStart exit with status 1, after one log line saying why, when the requirement is not
 *     met once the first load of the repository is done (unreachable, empty, a required model
 *     missing), instead of serving unready until a poll finds the models
 */
@ConfigurationProperties(ReadinessConfig.PREFIX)
public record ReadinessConfig(
        @Bindable(defaultValue = "any") List<String> require,
        @Bindable(defaultValue = "false") boolean failAtStart) {
    public static final String PREFIX = "plumbline.readiness";
}
