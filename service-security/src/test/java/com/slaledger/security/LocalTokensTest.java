package com.slaledger.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** The local (HS256) decoder: a token must say when it expires, and name the issuer when one is set. */
class LocalTokensTest {

    private static final String SECRET = "local-tokens-test-secret-0123456789abcdef";

    private static String token(String issuer, boolean expires) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("it").claim("roles", List.of("INTEGRATION"));
        if (issuer != null) {
            claims.issuer(issuer);
        }
        if (expires) {
            claims.expirationTime(Date.from(Instant.now().plusSeconds(300)));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static JwtDecoder decoder(String issuer) {
        return new JwtSecurityAutoConfiguration().localJwtDecoder(new SecurityProperties(SECRET, null, issuer, 0));
    }

    @Test
    void aTokenWithoutExpiryIsRefused() throws Exception {
        assertThat(decoder(null).decode(token(null, true)).getSubject()).isEqualTo("it");
        assertThatThrownBy(() -> decoder(null).decode(token(null, false))).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void withAnIssuerSetTheTokenMustNameIt() throws Exception {
        JwtDecoder decoder = decoder("https://idp.example");
        assertThat(decoder.decode(token("https://idp.example", true)).getSubject())
                .isEqualTo("it");
        assertThatThrownBy(() -> decoder.decode(token("https://elsewhere.example", true)))
                .isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> decoder.decode(token(null, true))).isInstanceOf(JwtValidationException.class);
    }

    /** A token with these claims, signed with {@link #SECRET}; the JSON is written out, nulls and all. */
    private static String withClaims(String claims) throws Exception {
        com.nimbusds.jose.JWSObject jws = new com.nimbusds.jose.JWSObject(
                new JWSHeader(JWSAlgorithm.HS256),
                new com.nimbusds.jose.Payload("{\"sub\":\"it\",\"exp\":"
                        + Instant.now().plusSeconds(300).getEpochSecond() + claims + "}"));
        jws.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jws.serialize();
    }

    @Test
    void rolesAndPartiesAreArraysOfStringsOrTheTokenIsRefused() throws Exception {
        JwtDecoder decoder = decoder(null);
        for (String fine :
                List.of("", ",\"roles\":[]", ",\"roles\":[\"INTEGRATION\",\"ANALYST\"],\"parties\":[\"acme\"]")) {
            assertThat(decoder.decode(withClaims(fine)).getSubject()).as(fine).isEqualTo("it");
        }
        for (String malformed : List.of(
                ",\"roles\":null",
                ",\"parties\":null",
                ",\"roles\":\"INTEGRATION\"",
                ",\"roles\":\"INTEGRATION ANALYST\"",
                ",\"roles\":[5]",
                ",\"roles\":[[\"INTEGRATION\"]]",
                ",\"roles\":[\"INTEGRATION\",null]",
                ",\"roles\":{\"INTEGRATION\":true}",
                ",\"parties\":\"acme\"",
                ",\"parties\":[\"acme\",7]",
                ",\"parties\":{}")) {
            String token = withClaims(malformed);
            assertThatThrownBy(() -> decoder.decode(token))
                    .as(malformed)
                    .isInstanceOf(JwtValidationException.class)
                    .hasMessageContaining("claim must be an array of strings");
        }
    }

    /** {@link Caller#CLOCK_SKEW} is what the decoders do: a token is refused that long after its exp. */
    @Test
    void aTokenIsAcceptedForTheClockSkewAfterItsExpiryAndRefusedAfter() {
        JwtDecoder decoder = decoder(null);
        Instant now = Instant.now();
        Instant issued = now.minus(java.time.Duration.ofMinutes(10));
        String within = Tokens.mint(
                SECRET,
                "it",
                List.of(),
                null,
                issued,
                now.minus(Caller.CLOCK_SKEW).plusSeconds(5));
        String beyond = Tokens.mint(
                SECRET,
                "it",
                List.of(),
                null,
                issued,
                now.minus(Caller.CLOCK_SKEW).minusSeconds(5));

        assertThat(decoder.decode(within).getSubject()).isEqualTo("it");
        assertThatThrownBy(() -> decoder.decode(beyond)).isInstanceOf(JwtValidationException.class);
    }
}
