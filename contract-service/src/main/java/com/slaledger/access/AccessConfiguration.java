package com.slaledger.access;

import com.slaledger.security.BearerTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call contract-service: INTEGRATION sends commands, AUDITOR checks the event store's
 * chain, ADMIN re-drives dead letters and reads metrics; health and info are public. Everything else needs a valid token.
 */
@Configuration(proxyBeanMethods = false)
public class AccessConfiguration {

    @Bean
    SecurityFilterChain contractServiceAccess(HttpSecurity http, JwtAuthenticationConverter roles) throws Exception {
        return BearerTokens.apply(http, roles)
                .authorizeHttpRequests(access -> access.requestMatchers(
                                "/actuator/health", "/actuator/health/**", "/actuator/info", "/error")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/commands")
                        .hasRole("INTEGRATION")
                        .requestMatchers(HttpMethod.GET, "/api/contracts/*/history/verify")
                        .hasRole("AUDITOR")
                        .requestMatchers("/api/admin/**", "/actuator/**")
                        .hasRole("ADMIN")
                        .anyRequest()
                        .authenticated())
                .build();
    }
}
