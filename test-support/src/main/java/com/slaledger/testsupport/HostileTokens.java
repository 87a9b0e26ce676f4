package com.slaledger.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.slaledger.api.json.SlaJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Bearer tokens as a careless identity provider or a forger would make them: the claims the
 * services read ({@code roles}, {@code parties}, {@code exp}, {@code nbf}) each either well formed
 * or any JSON value (nulls, numbers, strings with spaces or commas, nested arrays, objects), signed
 * with the right secret, another one, or not at all. Used to check that a token gets the same
 * answer over HTTP and over Kafka, and never an internal error.
 */
public final class HostileTokens {

    private static final String ABSENT = "absent";

    private HostileTokens() {}

    /** A generated token and the claims it carries, for the failure message. */
    public record Token(String value, String claims) {
        @Override
        public String toString() {
            return claims;
        }
    }

    /** Tokens with generated claims; {@code secret} is the one the services under test trust. */
    public static Arbitrary<Token> tokens(String secret) {
        Instant now = Instant.now();
        long later = now.plusSeconds(1_800).getEpochSecond();
        long earlier = now.minusSeconds(1_800).getEpochSecond();
        Arbitrary<Object> roles = Arbitraries.frequencyOf(
                Tuple.of(
                        4,
                        oneOf(
                                List.of("INTEGRATION"),
                                List.of("ANALYST", "INTEGRATION"),
                                List.of("ANALYST"),
                                List.of("integration"),
                                List.of(" INTEGRATION"),
                                List.of())),
                Tuple.of(4, json(2)),
                Tuple.of(1, oneOf(ABSENT)));
        Arbitrary<Object> parties = Arbitraries.frequencyOf(
                Tuple.of(4, oneOf(ABSENT)),
                Tuple.of(3, oneOf(List.of("acme"), List.of("hostco"), List.of("hostco", "acme"), List.of())),
                Tuple.of(3, json(2)));
        Arbitrary<Object> expiry = Arbitraries.frequencyOf(
                Tuple.of(6, oneOf(later)),
                Tuple.of(1, oneOf(earlier)),
                Tuple.of(1, oneOf(ABSENT)),
                Tuple.of(1, json(1)));
        Arbitrary<Object> notBefore = Arbitraries.frequencyOf(
                Tuple.of(6, oneOf(ABSENT)),
                Tuple.of(1, oneOf(earlier)),
                Tuple.of(1, oneOf(later)),
                Tuple.of(1, json(1)));
        Arbitrary<Optional<String>> signer = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(Optional.of(secret))),
                Tuple.of(1, Arbitraries.just(Optional.of("another-secret-another-secret-another-secret"))),
                Tuple.of(1, Arbitraries.just(Optional.<String>empty())));
        return Combinators.combine(roles, parties, expiry, notBefore, signer).as((r, p, e, n, s) -> {
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("sub", "generated");
            claims.put("jti", UUID.randomUUID().toString());
            put(claims, "roles", r);
            put(claims, "parties", p);
            put(claims, "exp", e);
            put(claims, "nbf", n);
            String json = SlaJson.mapper().writeValueAsString(claims);
            String signedBy = s.map(k -> k.equals(secret) ? "" : ", signed with another secret")
                    .orElse(", unsigned");
            return new Token(sign(json, s), json + signedBy);
        });
    }

    private static Arbitrary<Object> oneOf(Object... values) {
        return Arbitraries.of(values);
    }

    private static void put(Map<String, Object> claims, String name, Object value) {
        if (!ABSENT.equals(value)) {
            claims.put(name, value);
        }
    }

    /** Any JSON value, arrays and objects nested up to {@code depth} levels. */
    static Arbitrary<Object> json(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                        Arbitraries.of(true, false),
                        Arbitraries.integers(),
                        Arbitraries.longs(),
                        Arbitraries.doubles().ofScale(3),
                        Arbitraries.strings().ofMaxLength(12),
                        Arbitraries.of(
                                "INTEGRATION", "INTEGRATION ANALYST", "INTEGRATION,ANALYST", "acme", "acme,hostco"))
                .map(Object.class::cast)
                .injectNull(0.1);
        if (depth == 0) {
            return leaf;
        }
        return Arbitraries.oneOf(
                leaf,
                json(depth - 1).list().ofMaxSize(3).map(Object.class::cast),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(6), json(depth - 1))
                        .ofMaxSize(2)
                        .map(Object.class::cast));
    }

    private static String sign(String claims, Optional<String> secret) {
        if (secret.isEmpty()) {
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                    + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
        }
        try {
            JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(claims));
            jws.sign(new MACSigner(secret.get().getBytes(StandardCharsets.UTF_8)));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with this secret", e);
        }
    }
}
