package com.slaledger.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
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

    /** The party ids the caller is limited to, or empty when it is not limited. */
    public static Optional<Set<String>> parties() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken jwt) {
            List<String> parties = jwt.getToken().getClaimAsStringList(PARTIES);
            return parties == null ? Optional.empty() : Optional.of(Set.copyOf(parties));
        }
        return Optional.empty();
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
