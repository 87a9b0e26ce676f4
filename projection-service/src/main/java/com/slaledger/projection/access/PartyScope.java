package com.slaledger.projection.access;

import com.slaledger.projection.web.NotFoundException;
import com.slaledger.security.Caller;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Party scoping: a caller limited to some parties sees only contracts where one of them is the
 * client or the supplier. Another contract answers 404, exactly as one that does not exist, so that
 * its existence does not leak.
 */
@Component
public class PartyScope {

    private final JdbcClient jdbc;

    public PartyScope(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Throws 404 unless the contract exists and the caller may see it. */
    public void requireVisible(String contractId) {
        Optional<List<String>> parties = jdbc.sql(
                        "SELECT client_id, supplier_id FROM contract_view WHERE contract_id = ?")
                .param(contractId)
                .query((rs, row) -> List.of(rs.getString(1), rs.getString(2)))
                .optional();
        if (parties.isEmpty()
                || !Caller.maySee(parties.get().get(0), parties.get().get(1))) {
            throw new NotFoundException("no contract " + contractId);
        }
    }

    /** The caller's parties as an SQL array parameter, or empty when the caller is not limited. */
    public Optional<String[]> restriction() {
        return Caller.parties().map(Set::stream).map(s -> s.toArray(String[]::new));
    }
}
