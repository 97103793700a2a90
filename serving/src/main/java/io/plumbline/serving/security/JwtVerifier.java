package io.plumbline.serving.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer JWTs from a team's identity provider: the signature is checked against the JWKS (RSA and
 * EC algorithms only, so neither {@code none} nor an HMAC keyed with a public key can pass), then
 * issuer, audience, expiry and not-before against the injected clock, then scopes from a claim.
 * nimbus-jose-jwt directly rather than micronaut-security, whose filter would take over every route.
 */
final class JwtVerifier {
    /** Tolerated clock difference with the identity provider, as nimbus's own default. */
    static final Duration SKEW = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(JwtVerifier.class);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final JwtConfig config;
    private final Clock clock;

    JwtVerifier(JWKSource<SecurityContext> keys, JwtConfig config, Clock clock) {
        Set<JWSAlgorithm> algorithms = new HashSet<>(JWSAlgorithm.Family.RSA);
        algorithms.addAll(JWSAlgorithm.Family.EC);
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        // Claims are checked below against our clock, with reasons a client can act on.
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        this.config = config;
        this.clock = clock;
    }

    /**
     * The key source for {@code jwks}: a URL or a file read once. A URL's keys are fetched now and
     * cached, and refreshed in the background before the cache expires: requests are checked on the
     * event loop, which must not wait for the identity provider.
     */
    static JWKSource<SecurityContext> source(String jwks) {
        try {
            if (jwks.startsWith("https://") || jwks.startsWith("http://")) {
                JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(URI.create(jwks).toURL())
                        .retrying(true).refreshAheadCache(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, true).build();
                try {
                    source.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
                } catch (KeySourceException e) {
                    LOG.warn("The JWKS at {} cannot be fetched yet ({}); JWTs are refused until it can", jwks,
                            e.getMessage());
                }
                return source;
            }
            Path file = Path.of(jwks.startsWith("file:") ? URI.create(jwks).getPath() : jwks);
            return new ImmutableJWKSet<>(JWKSet.parse(Files.readString(file)));
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("plumbline.security.jwt.jwks '" + jwks + "' is not a URL or a file path");
        } catch (IOException e) {
            throw new IllegalArgumentException("plumbline.security.jwt.jwks " + jwks + " cannot be read: " + e);
        } catch (ParseException e) {
            throw new IllegalArgumentException("plumbline.security.jwt.jwks " + jwks + " is not a JWK set: "
                    + e.getMessage());
        }
    }

    /** Whether a bearer credential is a JWT (three dot-separated parts); API keys contain no dot. */
    static boolean looksLikeJwt(String credential) {
        int first = credential.indexOf('.');
        return first > 0 && credential.indexOf('.', first + 1) > first;
    }

    Identity verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new Denied(Reason.INVALID, "the bearer token is not a valid JWT", 0);
        } catch (BadJOSEException | JOSEException e) {
            throw new Denied(Reason.INVALID, "the JWT's signature does not verify against the JWKS", 0);
        }
        Instant now = clock.instant();
        if (!config.issuer().equals(claims.getIssuer())) {
            throw new Denied(Reason.INVALID, "the JWT's issuer is not " + config.issuer(), 0);
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(config.audience())) {
            throw new Denied(Reason.INVALID, "the JWT's audience does not include " + config.audience(), 0);
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new Denied(Reason.INVALID, "the JWT has no expiry (exp)", 0);
        }
        if (now.isAfter(exp.toInstant().plus(SKEW))) {
            throw new Denied(Reason.EXPIRED, "the JWT expired at " + exp.toInstant(), 0);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(SKEW))) {
            throw new Denied(Reason.INVALID, "the JWT is not valid before " + nbf.toInstant(), 0);
        }
        Object name = claims.getClaim(config.nameClaim());
        return new Identity(name == null ? "jwt" : Scope.abbreviate(String.valueOf(name)), scopes(claims), null);
    }

    /**
     * Scopes from the claim: a space-separated string ({@code scope}, RFC 8693) or a list ({@code scp}).
     * Scopes that are not ours ({@code openid}, {@code profile}) are skipped: an IdP issues many.
     */
    private List<Scope> scopes(JWTClaimsSet claims) {
        Object raw = claims.getClaim(config.scopesClaim());
        List<String> texts = new ArrayList<>();
        if (raw instanceof String s) {
            texts.addAll(List.of(s.trim().split("\\s+")));
        } else if (raw instanceof List<?> list) {
            list.forEach(o -> texts.add(String.valueOf(o)));
        }
        List<Scope> scopes = new ArrayList<>();
        for (String t : texts) {
            try {
                scopes.add(Scope.parse(t));
            } catch (IllegalArgumentException notOurs) {
                // another application's scope
            }
        }
        return scopes;
    }
}
