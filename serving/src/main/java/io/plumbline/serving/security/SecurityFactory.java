package io.plumbline.serving.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link Authorizer} from configuration at start-up ({@link Context}), so a wrong setting
 * stops the start with one line naming the key, and says in one INFO line what is protected.
 */
@Factory
final class SecurityFactory {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityFactory.class);
    static final String NO_KEY_SOURCE = "plumbline.security.enabled=true, but there is no key source: set "
            + "plumbline.security.keys-file (e.g. PLUMBLINE_SECURITY_KEYS_FILE=/etc/plumbline/keys.yml, created "
            + "with: java -jar plumbline-serving.jar keys add ops --scopes admin,read,infer:* --file "
            + "/etc/plumbline/keys.yml) or plumbline.security.jwt.jwks with jwt.issuer and jwt.audience";

    private ScheduledFuture<?> reloads;

    @Context
    Authorizer authorizer(SecurityConfig config, JwtConfig jwtConfig, RepositoryApiConfig repository,
            MeterRegistry registry, @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        try {
            return build(config, jwtConfig, repository, registry, scheduler);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    @Singleton
    SecurityState securityState(Authorizer authorizer) {
        return authorizer.state();
    }

    private Authorizer build(SecurityConfig config, JwtConfig jwtConfig, RepositoryApiConfig repository,
            MeterRegistry registry, TaskScheduler scheduler) {
        boolean sources = config.hasKeysFile() || jwtConfig.configured();
        boolean enabled = config.enabled() == null ? sources : config.enabled();
        if (enabled && !sources) {
            throw new IllegalArgumentException(NO_KEY_SOURCE);
        }
        boolean repositoryApi = repository.enabled() == null ? enabled : repository.enabled();
        Set<Api> anonymous = anonymousApis(config);
        KeyFileWatcher watcher = null;
        JwtVerifier jwt = null;
        if (enabled && config.hasKeysFile()) {
            watcher = new KeyFileWatcher(Path.of(config.keysFile()), System::nanoTime, registry);
            Duration every = config.reloadInterval();
            if (every == null || every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("plumbline.security.reload-interval must be a positive duration "
                        + "such as 5s");
            }
            reloads = scheduler.scheduleWithFixedDelay(every, every, watcher::reload);
        }
        if (enabled && jwtConfig.configured()) {
            require(jwtConfig.issuer(), "issuer", "https://idp.example.com/");
            require(jwtConfig.audience(), "audience", "plumbline");
            jwt = new JwtVerifier(JwtVerifier.source(jwtConfig.jwks()), jwtConfig, Clock.systemUTC());
        }
        KeyFileWatcher keys = watcher;
        Authorizer authorizer = new Authorizer(enabled, repositoryApi, anonymous,
                keys == null ? () -> KeyRing.EMPTY : keys::ring,
                jwt, new AuthFailures(registry, Duration.ofMinutes(1), System::nanoTime));
        LOG.info(describe(enabled, repositoryApi, anonymous, config, jwtConfig, keys));
        return authorizer;
    }

    private static String describe(boolean enabled, boolean repositoryApi, Set<Api> anonymous, SecurityConfig config,
            JwtConfig jwt, KeyFileWatcher keys) {
        String repo = repositoryApi ? "repository API on" + (enabled ? " (admin scope)" : ", open to anyone")
                : "repository API off (plumbline.repository-api.enabled=true turns it on)";
        if (!enabled) {
            return "Authentication off (no plumbline.security.keys-file or jwt.jwks): every API is open; " + repo;
        }
        return "Authentication on: " + (keys == null ? "" : keys.ring().size() + " identities from " + config.keysFile()
                + " (re-read every " + config.reloadInterval().toMillis() + " ms)")
                + (keys != null && jwt.configured() ? " and " : "")
                + (jwt.configured() ? "JWTs from " + jwt.jwks() + " for audience " + jwt.audience() : "")
                + "; open without credentials: " + (anonymous.isEmpty() ? "nothing" : anonymous.stream()
                .map(Api::wireName).toList()) + "; " + repo;
    }

    private static Set<Api> anonymousApis(SecurityConfig config) {
        Set<Api> apis = EnumSet.noneOf(Api.class);
        for (String s : config.anonymousApis() == null ? java.util.List.<String>of() : config.anonymousApis()) {
            String name = s.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals("none")) {
                continue;
            }
            Api api = Api.parse(name);
            if (api == null) {
                throw new IllegalArgumentException("plumbline.security.anonymous-apis: '" + Scope.abbreviate(s)
                        + "' is not one of probe, metrics, read, infer, admin, none");
            }
            apis.add(api);
        }
        return apis;
    }

    private static void require(String value, String key, String example) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(JwtConfig.PREFIX + "." + key + " must be set with jwt.jwks (e.g. "
                    + example + "): without it a token issued for another service would be accepted");
        }
    }

    @jakarta.annotation.PreDestroy
    void stopReloads() {
        if (reloads != null) {
            reloads.cancel(false);
        }
    }
}
