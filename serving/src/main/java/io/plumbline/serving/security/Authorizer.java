package io.plumbline.serving.security;

import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one policy behind both protocols. {@link #authenticate} says who is calling (or refuses with
 * 401-class reasons), {@link #authorize} whether that caller may use this API on this model and is
 * within its rate. Both throw {@link Denied}; the REST filter and the gRPC interceptor only translate.
 */
final class Authorizer {
    static final String ENABLE_REPOSITORY = "the repository API (index, load, unload) is off: set "
            + "plumbline.repository-api.enabled=true to turn it on (with authentication on, only keys with the "
            + "admin scope may use it; see SECURITY.md)";

    private final boolean enabled;
    private final boolean repositoryApi;
    private final Set<Api> anonymousApis;
    private final Supplier<KeyRing> keys;
    private final JwtVerifier jwt;
    private final AuthFailures failures;

    /**
     * @param enabled whether credentials are checked at all
     * @param repositoryApi whether the {@code admin} group is served
     * @param anonymousApis groups open without credentials when {@code enabled}
     * @param keys the key file's current identities ({@link KeyRing#EMPTY} without a key file)
     * @param jwt the JWT verifier, or null when JWTs are not configured
     */
    Authorizer(boolean enabled, boolean repositoryApi, Set<Api> anonymousApis, Supplier<KeyRing> keys,
            JwtVerifier jwt, AuthFailures failures) {
        this.enabled = enabled;
        this.repositoryApi = repositoryApi;
        this.anonymousApis = Set.copyOf(anonymousApis);
        this.keys = keys;
        this.jwt = jwt;
        this.failures = failures;
    }

    boolean enabled() {
        return enabled;
    }

    SecurityState state() {
        return new SecurityState(enabled, repositoryApi);
    }

    /** Who presents {@code credentials} for a call to {@code api}. */
    Identity authenticate(Api api, Credentials credentials) {
        if (api == Api.ADMIN && !repositoryApi) {
            throw failures.record(new Denied(Reason.DISABLED, ENABLE_REPOSITORY, 0), api, "anyone");
        }
        if (!enabled || anonymousApis.contains(api)) {
            // Credentials on an open API are not checked: a probe with a stale header must still pass.
            return Identity.ANONYMOUS;
        }
        String authorization = credentials.authorization();
        if (authorization != null) {
            return bearer(api, authorization.trim());
        }
        if (credentials.subject() != null) {
            Identity id = keys.get().bySubject(credentials.subject());
            if (id == null) {
                throw failures.record(new Denied(Reason.INVALID, "the client certificate's subject is not in the key "
                        + "file", 0), api, "certificate " + Scope.abbreviate(credentials.subject().getName()));
            }
            return id;
        }
        throw failures.record(new Denied(Reason.MISSING, "the " + api.wireName() + " API needs credentials: send "
                + "'Authorization: Bearer <key or token>'", 0), api, "anonymous");
    }

    private Identity bearer(Api api, String authorization) {
        String credential = authorization.length() > 7
                && authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")
                ? authorization.substring(7).trim() : null;
        if (credential == null || credential.isEmpty()) {
            throw failures.record(new Denied(Reason.INVALID, "the Authorization header must be 'Bearer <key or "
                    + "token>'", 0), api, "anonymous");
        }
        if (jwt != null && JwtVerifier.looksLikeJwt(credential)) {
            try {
                return jwt.verify(credential);
            } catch (Denied d) {
                throw failures.record(d, api, "a JWT");
            }
        }
        Identity id = keys.get().byKey(credential);
        if (id == null) {
            throw failures.record(new Denied(Reason.INVALID, jwt == null ? "unknown API key"
                    : "unknown API key or malformed JWT", 0), api, "an unknown key");
        }
        return id;
    }

    /** Whether {@code caller} may call {@code api} for {@code model} (null for model-less calls) now. */
    void authorize(Identity caller, Api api, String model) {
        if (!enabled || (caller == Identity.ANONYMOUS && anonymousApis.contains(api))) {
            return;
        }
        if (!caller.allows(api, model)) {
            String needed = model == null ? api.wireName() : api.wireName() + ":" + Scope.abbreviate(model);
            throw failures.record(new Denied(Reason.FORBIDDEN, "'" + caller.name() + "' lacks the scope " + needed
                    + " (it has: " + caller.scopeList() + ")", 0), api, "'" + caller.name() + "'");
        }
        RateLimit rate = caller.rate();
        long waitNanos = rate == null ? 0 : rate.acquire();
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            throw failures.record(new Denied(Reason.RATE_LIMITED, "'" + caller.name() + "' is over its rate of " + rate
                    + "; retry after " + seconds + " s", seconds), api, "'" + caller.name() + "'");
        }
    }
}
