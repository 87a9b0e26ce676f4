package com.slaledger.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Decoded bearer tokens, kept for a short while: a client sends the same token with every request,
 * and decoding it (Base64, JSON, the signature) is a fixed cost per request. A token is decoded and
 * fully validated by the service's decoder the first time; on every later use the rules that
 * depend on the time ({@code exp}, {@code nbf}) and the service's own rules run again, so an
 * expired token is refused the moment it expires, cached or not. Tokens that fail are not kept.
 */
public final class CachedJwtDecoder implements JwtDecoder {

    private static final Duration KEEP_FOR = Duration.ofMinutes(5);

    private final JwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> onEveryUse;
    private final Cache<String, Jwt> decoded;

    public CachedJwtDecoder(JwtDecoder decoder, OAuth2TokenValidator<Jwt> onEveryUse, int size) {
        this.decoder = decoder;
        this.onEveryUse = onEveryUse;
        this.decoded = Caffeine.newBuilder()
                .maximumSize(size)
                .expireAfterWrite(KEEP_FOR)
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = decoded.getIfPresent(token);
        if (jwt == null) {
            jwt = decoder.decode(token);
            decoded.put(token, jwt);
            return jwt;
        }
        OAuth2TokenValidatorResult result = onEveryUse.validate(jwt);
        if (result.hasErrors()) {
            decoded.invalidate(token);
            throw new JwtValidationException(
                    result.getErrors().iterator().next().getDescription(), result.getErrors());
        }
        return jwt;
    }
}
