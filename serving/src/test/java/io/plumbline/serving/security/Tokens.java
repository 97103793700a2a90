package io.plumbline.serving.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;

/** An identity provider of the test's own: an RSA key, its public JWKS file, and tokens signed with it. */
final class Tokens {
    static final String ISSUER = "https://idp.test/";
    static final String AUDIENCE = "plumbline";

    private final RSAKey key;

    Tokens() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the public half as a JWK set and returns its path. */
    Path writeJwks(Path dir) throws IOException {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, new JWKSet(key.toPublicJWK()).toString());
        return file;
    }

    String token(String subject, String scope, Instant expires) {
        return sign(new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
                .claim("scope", scope).issueTime(Date.from(expires.minusSeconds(3600)))
                .expirationTime(Date.from(expires)).build());
    }

    String sign(JWTClaimsSet claims) {
        return sign(claims, key);
    }

    static String sign(JWTClaimsSet claims, RSAKey with) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
