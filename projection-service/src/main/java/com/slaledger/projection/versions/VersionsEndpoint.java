package com.slaledger.projection.versions;

import com.slaledger.api.ContractVersion;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.ContractView;
import com.slaledger.projection.access.PartyScope;
import com.slaledger.projection.web.NotFoundException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class VersionsEndpoint {

    private final JdbcClient jdbc;
    private final PartyScope scope;

    public VersionsEndpoint(JdbcClient jdbc, PartyScope scope) {
        this.jdbc = jdbc;
        this.scope = scope;
    }

    public record VersionEntry(String version, long sequence, Instant reachedAt, int clauses, int openClauses) {}

    /** Every version the contract reached, oldest first. */
    @GetMapping("/api/contracts/{contractId}/versions")
    public List<VersionEntry> versions(@PathVariable String contractId) {
        scope.requireVisible(contractId);
        List<VersionEntry> versions = jdbc.sql("""
                        SELECT version, sequence, reached_at, view FROM contract_version
                        WHERE contract_id = ? ORDER BY major, minor""")
                .param(contractId)
                .query((rs, row) -> {
                    ContractView view = SlaJson.mapper().readValue(rs.getString(4), ContractView.class);
                    return new VersionEntry(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getTimestamp(3).toInstant(),
                            view.clauses().size(),
                            (int) view.clauses().stream()
                                    .filter(c -> c.isOpen())
                                    .count());
                })
                .list();
        return versions;
    }

    /** The contract, with every clause, as it stood when it reached {@code version} (for example 2.0). */
    @GetMapping("/api/contracts/{contractId}/versions/{version}")
    public ContractView version(@PathVariable String contractId, @PathVariable String version) {
        scope.requireVisible(contractId);
        return at(contractId, ContractVersion.parse(version));
    }

    /** What changed between two versions, clause by clause; unchanged clauses are left out. */
    @GetMapping("/api/contracts/{contractId}/diff")
    public VersionDiff diff(@PathVariable String contractId, @RequestParam String from, @RequestParam String to) {
        scope.requireVisible(contractId);
        return VersionDiff.between(
                at(contractId, ContractVersion.parse(from)), at(contractId, ContractVersion.parse(to)));
    }

    /** The stored view at a version; callers check party scope first. */
    private ContractView at(String contractId, ContractVersion version) {
        return jdbc.sql("SELECT view FROM contract_version WHERE contract_id = ? AND major = ? AND minor = ?")
                .param(contractId)
                .param(version.major())
                .param(version.minor())
                .query(String.class)
                .optional()
                .map(json -> SlaJson.mapper().readValue(json, ContractView.class))
                .orElseThrow(() -> new NotFoundException(
                        RejectionCode.VERSION_NOT_FOUND, "contract " + contractId + " has no version " + version));
    }
}
