package com.slaledger.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is calling: a token with a {@code parties} claim is scoped to contracts where one of those
 * parties is the client or the supplier; a token without it (a trusted integration, an auditor of
 * the whole ledger) is not.
 */
public final class Caller {

    public static final String ROLES = "roles";
    public static final String PARTIES = "parties";

    private Caller() {}

    /**
     * Whether a value of the {@code roles} or {@code parties} claim has the form the README gives
     * them: an array of strings (a token may also leave the claim out). Any other value, JSON null
     * included, makes the token invalid (401, or UNAUTHENTICATED over Kafka) instead of being read
     * one way by Spring Security's role converter (a string split at spaces, an array's other
     * elements cast to strings, which fails) and another by {@code Jwt.getClaimAsStringList} (a
     * string split at commas, nulls dropped, numbers and objects turned into text, and a claim that
     * is null a NullPointerException), so that one token could be let in over one path and refused
     * over the other. A {@code parties} claim of null is refused rather than read as absent, which
     * would give the caller the whole ledger.
     */
    public static boolean isArrayOfStrings(Object claim) {
        return claim instanceof List<?> values && values.stream().allMatch(String.class::isInstance);
    }

    /**
     * A {@code roles} or {@code parties} claim: null when the token leaves it out, else its strings.
     * The decoders refuse any other form ({@link #isArrayOfStrings}); should one reach here all the
     * same, it reads as an empty array, which grants no role and limits to no party.
     */
    public static List<String> arrayOfStrings(Jwt token, String claim) {
        if (!token.getClaims().containsKey(claim)) {
            return null;
        }
        return token.getClaims().get(claim) instanceof List<?> values
                ? values.stream()
                        .filter(String.class::isInstance)
                        .map(String.class::cast)
                        .toList()
                : List.of();
    }

    /** The party ids the caller is limited to, or empty when it is not limited. */
    public static Optional<Set<String>> parties() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken jwt) {
            List<String> parties = arrayOfStrings(jwt.getToken(), PARTIES);
            return parties == null ? Optional.empty() : Optional.of(Set.copyOf(parties));
        }
        return Optional.empty();
    }

    /** The subject ({@code sub}) of the caller's token, or empty without a token or a subject. */
    public static Optional<String> subject() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof JwtAuthenticationToken jwt
                ? Optional.ofNullable(jwt.getToken().getSubject())
                : Optional.empty();
    }

    /**
     * How long after its {@code exp} a token is still accepted: Spring Security's
     * {@code JwtTimestampValidator} default, which every decoder of these services uses (the local
     * one and Spring Boot's for an identity provider). {@code LocalTokensTest} holds it to that.
     */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    /**
     * From when the decoder refuses the caller's token ({@code exp} plus {@link #CLOCK_SKEW}), or
     * empty when the caller has no token.
     */
    public static Optional<Instant> tokenRefusedFrom() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof JwtAuthenticationToken jwt
                ? Optional.ofNullable(jwt.getToken().getExpiresAt()).map(exp -> exp.plus(CLOCK_SKEW))
                : Optional.empty();
    }

    /** Whether the caller may see a contract between these two parties. */
    public static boolean maySee(String clientId, String supplierId) {
        return maySee(parties(), clientId, supplierId);
    }

    /**
     * Whether a caller limited to {@code parties} (from {@link #parties()}, taken on the request's
     * thread) may see a contract between these two: for an answer made on another thread.
     */
    public static boolean maySee(Optional<Set<String>> parties, String clientId, String supplierId) {
        return parties.map(p -> p.contains(clientId) || p.contains(supplierId)).orElse(true);
    }
}
