package io.plumbline.serving.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tokens signed by the test's own key (and by others), checked at a fixed instant. */
class JwtVerifierTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private final Tokens idp = new Tokens();

    private JwtVerifier verifier(String scopesClaim) throws Exception {
        Path jwks = idp.writeJwks(Files.createTempDirectory("jwks"));
        return new JwtVerifier(JwtVerifier.source(jwks.toString()), new JwtConfig(jwks.toString(), Tokens.ISSUER,
                Tokens.AUDIENCE, scopesClaim, "sub"), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("ci").issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE)
                .expirationTime(Date.from(NOW.plusSeconds(600))).claim("scope", "openid infer:weather read");
    }

    private static Denied denied(JwtVerifier v, String token) {
        return assertThrows(Denied.class, () -> v.verify(token));
    }

    @Test
    void aValidToken_givesItsSubjectAndOurScopes() throws Exception {
        Identity id = verifier("scope").verify(idp.sign(claims().build()));
        assertEquals("ci", id.name());
        assertEquals("infer:weather, read", id.scopeList());
        Identity scp = verifier("scp").verify(idp.sign(claims().claim("scp", List.of("admin", "email")).build()));
        assertEquals("admin", scp.scopeList());
    }

    @Test
    void expiry_issuer_audience_andNotBefore_areChecked() throws Exception {
        JwtVerifier v = verifier("scope");
        Denied expired = denied(v, idp.sign(claims().expirationTime(Date.from(NOW.minusSeconds(61))).build()));
        assertEquals(Reason.EXPIRED, expired.reason());
        assertEquals("the JWT expired at 2026-06-01T11:58:59Z", expired.getMessage());
        // Within the 60 s clock skew: still accepted.
        v.verify(idp.sign(claims().expirationTime(Date.from(NOW.minusSeconds(59))).build()));
        assertEquals("the JWT's issuer is not https://idp.test/",
                denied(v, idp.sign(claims().issuer("https://evil.test/").build())).getMessage());
        assertEquals("the JWT's audience does not include plumbline",
                denied(v, idp.sign(claims().audience("other").build())).getMessage());
        assertEquals("the JWT has no expiry (exp)", denied(v, idp.sign(claims().expirationTime(null).build())).getMessage());
        assertEquals(Reason.INVALID, denied(v, idp.sign(claims().notBeforeTime(Date.from(NOW.plusSeconds(120)))
                .build())).reason());
    }

    @Test
    void signatures_fromOtherKeys_HmacOrNone_areRefused() throws Exception {
        JwtVerifier v = verifier("scope");
        String otherKey = Tokens.sign(claims().build(), new RSAKeyGenerator(2048).keyID("test-1").generate());
        assertEquals("the JWT's signature does not verify against the JWKS", denied(v, otherKey).getMessage());
        assertEquals(Reason.INVALID, denied(v, hmac(claims().build())).reason());
        assertEquals(Reason.INVALID, denied(v, new PlainJWT(claims().build()).serialize()).reason());
        String valid = idp.sign(claims().build());
        String tampered = valid.substring(0, valid.indexOf('.') + 1)
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(claims().claim("scope", "admin")
                .build().toString().getBytes()) + valid.substring(valid.lastIndexOf('.'));
        assertEquals("the JWT's signature does not verify against the JWKS", denied(v, tampered).getMessage());
    }

    @Test
    void aJwksUrl_isFetched() throws Exception {
        com.sun.net.httpserver.HttpServer idpServer = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jwks = Files.readAllBytes(idp.writeJwks(Files.createTempDirectory("jwks")));
        idpServer.createContext("/jwks.json", exchange -> {
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        idpServer.start();
        try {
            String url = "http://127.0.0.1:" + idpServer.getAddress().getPort() + "/jwks.json";
            JwtVerifier v = new JwtVerifier(JwtVerifier.source(url), new JwtConfig(url, Tokens.ISSUER, Tokens.AUDIENCE,
                    "scope", "sub"), Clock.fixed(NOW, ZoneOffset.UTC));
            assertEquals("ci", v.verify(idp.sign(claims().build())).name());
        } finally {
            idpServer.stop(0);
        }
    }

    private static String hmac(JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(new byte[32]));
        return jwt.serialize();
    }
}
