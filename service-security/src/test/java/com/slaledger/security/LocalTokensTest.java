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
}
