package io.plumbline.serving.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/** The policy without a server: certificate identities, the repository switch, open APIs, rates. */
class AuthorizerTest {
    private final AtomicLong now = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KeyRing ring = KeyFile.parse("keys:\n"
            + "  - name: client-a\n    subject: \"CN=client-a,O=Example\"\n    scopes: [infer:fraud-*, read]\n"
            + "  - name: app\n    hash: " + KeyFileTest.HASH + "\n    scopes: [infer:weather, admin]\n    rate: 2/s\n",
            null, now::get);

    private Authorizer authorizer(boolean enabled, boolean repositoryApi) {
        return new Authorizer(enabled, repositoryApi, Set.of(Api.PROBE, Api.METRICS), () -> ring, null,
                new AuthFailures(registry, Duration.ofMinutes(1), now::get));
    }

    private static Reason reason(Runnable r) {
        return assertThrows(Denied.class, r::run).reason();
    }

    @Test
    void aVerifiedCertificateSubject_getsItsEntrysScopes() {
        Authorizer a = authorizer(true, true);
        Identity id = a.authenticate(Api.INFER, new Credentials(null, new X500Principal("cn=client-a, o=Example")));
        assertEquals("client-a", id.name());
        a.authorize(id, Api.INFER, "fraud-eu");
        a.authorize(id, Api.READ, null);
        assertEquals(Reason.FORBIDDEN, reason(() -> a.authorize(id, Api.INFER, "weather")));
        assertEquals(Reason.FORBIDDEN, reason(() -> a.authorize(id, Api.ADMIN, null)));
        assertEquals(Reason.INVALID, reason(() -> a.authenticate(Api.INFER,
                new Credentials(null, new X500Principal("CN=client-b,O=Example")))));
        assertEquals(1.0, registry.get("auth.failures").tag("reason", "invalid").tag("api", "infer").counter().count());
    }

    @Test
    void aBearerHeader_isTheKeyOrNothing() {
        Authorizer a = authorizer(true, true);
        assertEquals("app", a.authenticate(Api.INFER, new Credentials("bearer " + KeyFileTest.KEY, null)).name());
        assertEquals(Reason.INVALID, reason(() -> a.authenticate(Api.INFER, new Credentials("Basic abc", null))));
        assertEquals(Reason.INVALID, reason(() -> a.authenticate(Api.INFER, new Credentials("Bearer ", null))));
        assertEquals(Reason.INVALID, reason(() -> a.authenticate(Api.INFER, new Credentials("Bearer x.y.z", null))));
        assertEquals(Reason.MISSING, reason(() -> a.authenticate(Api.INFER, Credentials.NONE)));
        // Probes and metrics stay open, even with a bad header.
        assertSame(Identity.ANONYMOUS, a.authenticate(Api.PROBE, new Credentials("Bearer wrong", null)));
    }

    @Test
    void probes_canBeClosed_andGivenTheirOwnScope() {
        KeyRing probeKey = KeyFile.parse("keys:\n  - name: kubelet\n    hash: " + KeyFileTest.HASH
                + "\n    scopes: [probe]\n", null, now::get);
        Authorizer a = new Authorizer(true, true, Set.of(), () -> probeKey, null,
                new AuthFailures(registry, Duration.ofMinutes(1), now::get));
        assertEquals(Reason.MISSING, reason(() -> a.authenticate(Api.PROBE, Credentials.NONE)));
        assertEquals(Reason.MISSING, reason(() -> a.authenticate(Api.METRICS, Credentials.NONE)));
        Identity kubelet = a.authenticate(Api.PROBE, new Credentials("Bearer " + KeyFileTest.KEY, null));
        a.authorize(kubelet, Api.PROBE, null);
        assertEquals(Reason.FORBIDDEN, reason(() -> a.authorize(kubelet, Api.METRICS, null)));
    }

    @Test
    void theRepositoryApi_isOffForEveryone_whenTurnedOff() {
        Authorizer open = authorizer(false, false);
        assertEquals(Reason.DISABLED, reason(() -> open.authenticate(Api.ADMIN, Credentials.NONE)));
        open.authorize(open.authenticate(Api.INFER, Credentials.NONE), Api.INFER, "weather");
        Authorizer closed = authorizer(true, false);
        assertEquals(Reason.DISABLED, reason(() -> closed.authenticate(Api.ADMIN,
                new Credentials("Bearer " + KeyFileTest.KEY, null))));
        assertEquals(2.0, registry.get("auth.failures").tag("reason", "disabled").tag("api", "admin").counter().count());
    }

    @Test
    void aRate_isPerKey_andRefusalsSayWhenToRetry() {
        Authorizer a = authorizer(true, true);
        Identity app = a.authenticate(Api.INFER, new Credentials("Bearer " + KeyFileTest.KEY, null));
        a.authorize(app, Api.INFER, "weather");
        a.authorize(app, Api.ADMIN, null);
        Denied over = assertThrows(Denied.class, () -> a.authorize(app, Api.INFER, "weather"));
        assertEquals(Reason.RATE_LIMITED, over.reason());
        // 2/s: the next token 500 ms away, rounded up to whole seconds for Retry-After.
        assertEquals(1, over.retryAfterSeconds());
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        a.authorize(app, Api.INFER, "weather");
        // A refused scope costs no token.
        assertEquals(Reason.FORBIDDEN, reason(() -> a.authorize(app, Api.READ, "weather")));
    }
}
