package io.plumbline.serving.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.monitor.config.Require;
import java.time.Duration;
import java.util.List;

/**
 * {@code plumbline.security.*}.
 *
 * @param enabled unset: on exactly when a key source (keys-file or jwt.jwks) is set; {@code true}
 *     with no key source refuses to start; {@code false} turns authentication off whatever is set
 * @param keysFile the YAML key file (see {@link KeyFile}), re-read every {@code reloadInterval}
 * @param reloadInterval how often the key file is checked for changes
 * @param anonymousApis API groups callable without credentials: probes and metrics by default, so
 *     Kubernetes and Prometheus need no key; {@code none} for none
 */
@ConfigurationProperties(SecurityConfig.PREFIX)
record SecurityConfig(
        @Nullable Boolean enabled,
        @Nullable String keysFile,
        @Bindable(defaultValue = "5s") Duration reloadInterval,
        @Bindable(defaultValue = "probe,metrics") List<String> anonymousApis) {
    static final String PREFIX = "plumbline.security";

    SecurityConfig {
        Require.positive(PREFIX + ".reload-interval", reloadInterval, "5s");
    }

    boolean hasKeysFile() {
        return keysFile != null && !keysFile.isBlank();
    }
}
