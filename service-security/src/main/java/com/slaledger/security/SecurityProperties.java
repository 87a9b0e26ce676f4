package com.slaledger.security;

import com.slaledger.platform.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param secret HS256 secret for local runs and tests ({@code SLA_JWT_SECRET}, at least 32 bytes); when absent, configure
 *     {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri} instead
 * @param audience when set ({@code SLA_JWT_AUDIENCE}), tokens must name it in {@code aud}
 * @param issuer when set ({@code SLA_JWT_ISSUER}), tokens must name it in {@code iss}
 * @param tokenCache how many decoded tokens to keep ({@link CachedJwtDecoder}); 0 decodes every request
 */
@ConfigurationProperties("sla.jwt")
public record SecurityProperties(
        String secret,
        String audience,
        String issuer,
        @DefaultValue("10000") int tokenCache) {

    public SecurityProperties {
        Settings.atLeast("sla.jwt.token-cache", tokenCache, 0);
    }
}
