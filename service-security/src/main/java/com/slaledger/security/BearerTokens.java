package com.slaledger.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * What both services' filter chains share: stateless bearer-token authentication from one
 * {@code Authorization} header ({@link OneBearerToken}) with roles from the {@code roles} claim,
 * and 401/403 answered as Problem Details. Each service adds its own rules of who may call what.
 */
public final class BearerTokens {

    private BearerTokens() {}

    public static HttpSecurity apply(HttpSecurity http, JwtAuthenticationConverter roles) throws Exception {
        return http.oauth2ResourceServer(server -> server.bearerTokenResolver(new OneBearerToken())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(roles))
                        .authenticationEntryPoint(Problems.unauthenticated())
                        .accessDeniedHandler(Problems.forbidden()))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(Problems.unauthenticated())
                        .accessDeniedHandler(Problems.forbidden()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
    }
}
