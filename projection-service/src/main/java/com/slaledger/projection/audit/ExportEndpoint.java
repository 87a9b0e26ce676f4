package com.slaledger.projection.audit;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.event.ExportBundle;
import com.slaledger.api.json.SlaJson;
import com.slaledger.projection.access.PartyScope;
import com.slaledger.projection.ingest.EventLog;
import com.slaledger.projection.web.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ExportEndpoint {

    private final EventLog eventLog;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final PartyScope scope;
    private final ExportSigner signer;

    public ExportEndpoint(EventLog eventLog, JdbcClient jdbc, Clock clock, PartyScope scope, ExportSigner signer) {
        this.scope = scope;
        this.signer = signer;
        this.eventLog = eventLog;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The self-contained bundle (docs/bundle-format.md): every event with its hashes and the contract
     * at every version, and the chain's head signed with the service's key. Check it offline with
     * {@code java -jar audit-verifier.jar verify --public-key key.pem bundle.json}.
     */
    @GetMapping("/api/contracts/{contractId}/export")
    public ResponseEntity<ExportBundle> export(@PathVariable String contractId) {
        scope.requireVisible(contractId);
        List<EventEnvelope> events = eventLog.of(contractId);
        if (events.isEmpty()) {
            throw new NotFoundException("no contract " + contractId);
        }
        Instant exportedAt = clock.instant();
        List<ExportBundle.VersionSnapshot> versions = jdbc.sql("""
                        SELECT version, sequence, reached_at, view FROM contract_version
                        WHERE contract_id = ? ORDER BY major, minor""")
                .param(contractId)
                .query((rs, row) -> new ExportBundle.VersionSnapshot(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getTimestamp(3).toInstant(),
                        SlaJson.mapper().readTree(rs.getString(4))))
                .list();
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + contractId + ".bundle.json\"")
                .body(new ExportBundle(
                        ExportBundle.FORMAT,
                        contractId,
                        exportedAt,
                        events,
                        versions,
                        signer.sign(events.get(events.size() - 1), exportedAt)));
    }
}
