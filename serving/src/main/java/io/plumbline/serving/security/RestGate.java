package io.plumbline.serving.security;

import jakarta.inject.Singleton;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.security.auth.x500.X500Principal;

/**
 * The REST policy for one request: who calls (the {@code Authorization} header, else the subject of a
 * verified client certificate) and whether they may call the API group and model. Micronaut's routes
 * reach it through {@link HttpAuthFilter}; the direct infer route, which knows its model from the
 * path it accepted, calls it itself. One gate, so both answer the same caller the same way.
 */
@Singleton
public final class RestGate {
    private final Authorizer authorizer;

    RestGate(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** Null when an infer call on {@code model} may go ahead; otherwise what to answer. */
    public Refusal checkInfer(String model, String authorization, Supplier<Certificate> certificate) {
        return check(Api.INFER, model, authorization, certificate);
    }

    Refusal check(Api api, String model, String authorization, Supplier<Certificate> certificate) {
        try {
            Identity caller = authorizer.authenticate(api, credentials(authorization, certificate));
            authorizer.authorize(caller, api, model);
            return null;
        } catch (Denied d) {
            return Refusal.of(d);
        }
    }

    private Credentials credentials(String authorization, Supplier<Certificate> certificate) {
        if (!authorizer.enabled()) {
            return Credentials.NONE;
        }
        X500Principal subject = null;
        if (authorization == null) {
            Certificate cert = certificate.get();
            subject = cert instanceof X509Certificate x ? x.getSubjectX500Principal() : null;
        }
        return new Credentials(authorization, subject);
    }
}
