package com.slaledger.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class CachedJwtDecoderTest {

    private final AtomicInteger decodes = new AtomicInteger();
    private final AtomicReference<Instant> expiresAt =
            new AtomicReference<>(Instant.now().plusSeconds(300));
    private final JwtDecoder decoder = token -> {
        decodes.incrementAndGet();
        if (token.equals("forged")) {
            throw new BadJwtException("bad signature");
        }
        return Jwt.withTokenValue(token)
                .header("alg", "HS256")
                .subject(token)
                .claim("roles", List.of("ANALYST"))
                .issuedAt(expiresAt.get().minusSeconds(600))
                .expiresAt(expiresAt.get())
                .build();
    };

    @Test
    void aTokenIsDecodedOnceAndServedFromTheCacheAfterwards() {
        CachedJwtDecoder cached = new CachedJwtDecoder(decoder, jwt -> OAuth2TokenValidatorResult.success(), 10);

        assertThat(cached.decode("a").getSubject()).isEqualTo("a");
        assertThat(cached.decode("a").getSubject()).isEqualTo("a");
        assertThat(cached.decode("b").getSubject()).isEqualTo("b");

        assertThat(decodes).hasValue(2);
    }

    /** A token that expired while cached is refused on its next use, by the real time rules. */
    @Test
    void theTimeRulesRunOnEveryHit() {
        // The default time rule allows 60 s of clock skew: this token expired two minutes ago.
        expiresAt.set(Instant.now().minusSeconds(120));
        Jwt expired = decoder.decode("old");
        CachedJwtDecoder cached = new CachedJwtDecoder(
                token -> expired,
                JwtSecurityAutoConfiguration.onEveryUse(new SecurityProperties(null, null, null, 10)),
                10);
        // The first use is the wrapped decoder's to judge; this stub lets it through.
        assertThat(cached.decode("old").getSubject()).isEqualTo("old");

        assertThatThrownBy(() -> cached.decode("old")).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void aHitThatFailsTheRulesIsRefusedAndForgotten() {
        AtomicReference<Boolean> valid = new AtomicReference<>(true);
        CachedJwtDecoder cached = new CachedJwtDecoder(
                decoder,
                jwt -> valid.get()
                        ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "revoked", null)),
                10);
        cached.decode("a");
        valid.set(false);

        assertThatThrownBy(() -> cached.decode("a"))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("revoked");
        valid.set(true);
        cached.decode("a");
        assertThat(decodes).as("decoded afresh after the refusal").hasValue(2);
    }

    @Test
    void aTokenThatFailsToDecodeIsNotKept() {
        CachedJwtDecoder cached = new CachedJwtDecoder(decoder, jwt -> OAuth2TokenValidatorResult.success(), 10);

        assertThatThrownBy(() -> cached.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cached.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(decodes).hasValue(2);
    }
}
