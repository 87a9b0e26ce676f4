package com.slaledger.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** Mints HS256 tokens for local runs and tests (never for production, which uses a real issuer). */
public final class Tokens {

    private Tokens() {}

    public static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String mint(
            String secret, String subject, List<String> roles, List<String> parties, Duration validFor) {
        Instant now = Instant.now();
        return mint(secret, subject, roles, parties, now, now.plus(validFor));
    }

    /** A token issued and expiring at the given instants. */
    public static String mint(
            String secret,
            String subject,
            List<String> roles,
            List<String> parties,
            Instant issuedAt,
            Instant expiresAt) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim(Caller.ROLES, roles)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt));
        if (parties != null) {
            claims.claim(Caller.PARTIES, parties);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign a token with this secret", e);
        }
    }
}
