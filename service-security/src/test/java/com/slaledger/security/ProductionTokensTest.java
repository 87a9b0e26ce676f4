package com.slaledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The production set-up, without {@code sla.jwt.secret}: RS256 tokens checked against an identity
 * provider's JWK set, with the audience check and the same {@code roles} claim.
 */
@SpringBootTest(
        classes = ProductionTokensTest.Service.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.security.oauth2.resourceserver.jwt.audiences=sla-ledger",
            "sla.jwt.issuer=" + ProductionTokensTest.ISSUER
        })
class ProductionTokensTest {

    static final String ISSUER = "https://idp.example";
    private static final RSAKey KEY = newKey("issuer-key");
    private static final HttpServer JWKS = jwkSetServer();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks");
    }

    @AfterAll
    static void stopIdentityProvider() {
        JWKS.stop(0);
    }

    @Test
    void theIdentityProvidersDecoderSitsBehindTheTokenCache(
            @org.springframework.beans.factory.annotation.Autowired
                    org.springframework.security.oauth2.jwt.JwtDecoder decoder)
            throws Exception {
        assertThat(decoder).isInstanceOf(CachedJwtDecoder.class);
        String token = rs256(KEY, List.of("sla-ledger"), List.of("ANALYST"), 300);
        assertThat(call(token).statusCode()).isEqualTo(200);
        assertThat(call(token).statusCode())
                .as("served from the cache, judged the same")
                .isEqualTo(200);
    }

    @Test
    void aTokenFromTheIdentityProviderForThisAudienceWithTheRightRoleIsLetIn() throws Exception {
        HttpResponse<String> answer = call(rs256(KEY, List.of("sla-ledger"), List.of("ANALYST"), 300));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("analyst-7");
    }

    @Test
    void everyOtherTokenIsRefused() throws Exception {
        assertThat(call(rs256(KEY, List.of("another-api"), List.of("ANALYST"), 300))
                        .statusCode())
                .as("another audience")
                .isEqualTo(401);
        assertThat(call(rs256(KEY, null, List.of("ANALYST"), 300)).statusCode())
                .as("no audience")
                .isEqualTo(401);
        assertThat(call(rs256(KEY, List.of("sla-ledger"), List.of("ANALYST"), -60))
                        .statusCode())
                .as("expired")
                .isEqualTo(401);
        assertThat(call(rs256(newKey("issuer-key"), List.of("sla-ledger"), List.of("ANALYST"), 300))
                        .statusCode())
                .as("signed with another key under the same key id")
                .isEqualTo(401);
        assertThat(call(Tokens.mint(Tokens.newSecret(), "x", List.of("ANALYST"), null, Duration.ofMinutes(5)))
                        .statusCode())
                .as("a local HS256 token where none is configured")
                .isEqualTo(401);
        assertThat(call(rs256(KEY, List.of("sla-ledger"), List.of("ANALYST"), null))
                        .statusCode())
                .as("no exp claim: a token that never expires")
                .isEqualTo(401);
        assertThat(call(rs256(KEY, List.of("sla-ledger"), List.of("ANALYST"), 300, "https://elsewhere.example"))
                        .statusCode())
                .as("another issuer than SLA_JWT_ISSUER")
                .isEqualTo(401);
        assertThat(call(rs256(KEY, List.of("sla-ledger"), List.of("ANALYST"), 300, null))
                        .statusCode())
                .as("no issuer while SLA_JWT_ISSUER is set")
                .isEqualTo(401);
        assertThat(call(rs256(KEY, List.of("sla-ledger"), List.of("INTEGRATION"), 300))
                        .statusCode())
                .as("the wrong role")
                .isEqualTo(403);
    }

    private HttpResponse<String> call(String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/whoami"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String rs256(RSAKey key, List<String> audience, List<String> roles, Integer validSeconds)
            throws Exception {
        return rs256(key, audience, roles, validSeconds, ISSUER);
    }

    private static String rs256(
            RSAKey key, List<String> audience, List<String> roles, Integer validSeconds, String issuer)
            throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject("analyst-7")
                .claim(Caller.ROLES, roles)
                .issueTime(new Date());
        if (validSeconds != null) {
            claims.expirationTime(Date.from(Instant.now().plusSeconds(validSeconds)));
        }
        if (issuer != null) {
            claims.issuer(issuer);
        }
        if (audience != null) {
            claims.audience(audience);
        }
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RSAKey newKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The identity provider's JWK set endpoint: the public half of {@link #KEY}. */
    private static HttpServer jwkSetServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A service in miniature: the shared bearer-token set-up and one endpoint for ANALYST. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Service.WhoAmI.class)
    static class Service {

        @Bean
        SecurityFilterChain access(HttpSecurity http, JwtAuthenticationConverter roles) throws Exception {
            return BearerTokens.apply(http, roles)
                    .authorizeHttpRequests(access -> access.requestMatchers("/whoami")
                            .hasRole("ANALYST")
                            .anyRequest()
                            .denyAll())
                    .build();
        }

        @RestController
        static class WhoAmI {
            @GetMapping("/whoami")
            String whoAmI(org.springframework.security.core.Authentication caller) {
                return caller.getName();
            }
        }
    }
}
