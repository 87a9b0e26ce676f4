package com.slaledger.security;

import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * The bearer-token setup both services share. Roles come from the {@code roles} claim (an array)
 * as {@code ROLE_<name>}; the optional {@code parties} claim limits what a caller sees
 * ({@link Caller}). Locally and in tests tokens are HS256 with {@code sla.jwt.secret};
 * in production the standard {@code spring.security.oauth2.resourceserver.jwt.*} properties apply.
 */
@AutoConfiguration(
        beforeName =
                "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
@EnableConfigurationProperties(SecurityProperties.class)
public class JwtSecurityAutoConfiguration {

    @Bean
    @ConditionalOnProperty("sla.jwt.secret")
    JwtDecoder localJwtDecoder(SecurityProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key(properties.secret()))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        decoder.setJwtValidator(onEveryUse(properties));
        return decoder;
    }

    /**
     * Every token decoder, the local one and the one Spring Boot builds for an identity provider,
     * behind a short cache of decoded tokens that still applies {@link #onEveryUse} on each hit.
     */
    @Bean
    static BeanPostProcessor cachedTokenDecoders(ObjectProvider<SecurityProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof JwtDecoder decoder && !(bean instanceof CachedJwtDecoder)) {
                    SecurityProperties settings = properties.getObject();
                    if (settings.tokenCache() > 0) {
                        return new CachedJwtDecoder(decoder, onEveryUse(settings), settings.tokenCache());
                    }
                }
                return bean;
            }
        };
    }

    /** The time rules ({@code exp}, {@code nbf}) and {@link #slaTokenRules}: what a token must pass on every use. */
    static OAuth2TokenValidator<Jwt> onEveryUse(SecurityProperties properties) {
        return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(), rules(properties));
    }

    /**
     * What every token must satisfy, whichever decoder reads it: an {@code exp} claim (the default
     * validators only check it when it is there), {@code roles} and {@code parties} that are arrays
     * of strings when present ({@link Caller#isArrayOfStrings}), the issuer when {@code SLA_JWT_ISSUER} is set, the
     * audience when {@code SLA_JWT_AUDIENCE} is. Spring Boot adds validator beans to the decoder it
     * builds from {@code spring.security.oauth2.resourceserver.jwt.*}, so production decoders apply
     * these rules as well as the local one.
     */
    @Bean
    OAuth2TokenValidator<Jwt> slaTokenRules(SecurityProperties properties) {
        return rules(properties);
    }

    private static OAuth2TokenValidator<Jwt> rules(SecurityProperties properties) {
        List<OAuth2TokenValidator<Jwt>> validators = new java.util.ArrayList<>();
        validators.add(new JwtClaimValidator<java.time.Instant>("exp", java.util.Objects::nonNull));
        validators.add(arrayOfStringsWhenPresent(Caller.ROLES));
        validators.add(arrayOfStringsWhenPresent(Caller.PARTIES));
        if (properties.issuer() != null) {
            validators.add(new JwtIssuerValidator(properties.issuer()));
        }
        if (properties.audience() != null) {
            validators.add(new JwtClaimValidator<List<String>>(
                    "aud", aud -> aud != null && aud.contains(properties.audience())));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    /** A claim the token may leave out, but when it is there, an array of strings. */
    private static OAuth2TokenValidator<Jwt> arrayOfStringsWhenPresent(String claim) {
        OAuth2Error malformed = new OAuth2Error(
                OAuth2ErrorCodes.INVALID_TOKEN, "The " + claim + " claim must be an array of strings", null);
        return token -> !token.getClaims().containsKey(claim)
                        || Caller.isArrayOfStrings(token.getClaims().get(claim))
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(malformed);
    }

    /**
     * No Spring Security observations: with them, every request wraps each filter of the chain in
     * an observation and builds its name, the largest allocation per request in P4's profile
     * (ADR 0009). Nothing reads those spans; the HTTP server's own metrics stay.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    JwtAuthenticationConverter rolesClaimConverter() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(Caller.ROLES);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }

    static SecretKeySpec key(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalArgumentException("sla.jwt.secret (SLA_JWT_SECRET) must have at least 32 bytes for HS256");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }
}
