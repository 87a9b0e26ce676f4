package com.slaledger.testsupport;

import com.slaledger.security.Caller;
import com.slaledger.security.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Bearer tokens for tests, signed with {@link #SECRET}, which the services' test annotations set as {@link #PROPERTY}. */
public final class TestTokens {

    public static final String SECRET = "sla-ledger-test-secret-not-for-production-0123456789";
    public static final String PROPERTY = "sla.jwt.secret=" + SECRET;

    private TestTokens() {}

    public static String withRoles(String... roles) {
        return Tokens.mint(SECRET, "test", List.of(roles), null, Duration.ofMinutes(30));
    }

    /** A token of its own {@code sub}: for limits that count per caller. */
    public static String forSubject(String subject, String... roles) {
        return Tokens.mint(SECRET, subject, List.of(roles), null, Duration.ofMinutes(30));
    }

    public static String forParties(List<String> parties, String... roles) {
        return Tokens.mint(SECRET, "test-party", List.of(roles), parties, Duration.ofMinutes(30));
    }

    /**
     * A token the services accept for {@code accepted} more, then refuse: its {@code exp} already
     * lies that much less than the decoder's clock skew ({@code Caller.CLOCK_SKEW}) in the past.
     */
    public static String refusedIn(Duration accepted, String... roles) {
        Instant exp = Instant.now().plus(accepted).minus(Caller.CLOCK_SKEW);
        return Tokens.mint(SECRET, "brief", List.of(roles), null, exp.minus(Duration.ofMinutes(10)), exp);
    }

    /** Every role: for tests about behaviour rather than access. */
    public static String all() {
        return withRoles("INTEGRATION", "ANALYST", "AUDITOR", "ADMIN");
    }
}
