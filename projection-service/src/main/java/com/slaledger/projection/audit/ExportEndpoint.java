package com.slaledger.projection.audit;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.event.ExportBundle;
import com.slaledger.api.json.SlaJson;
import com.slaledger.projection.access.PartyScope;
import com.slaledger.projection.ingest.EventLog;
import com.slaledger.projection.web.NotFoundException;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;

@RestController
public class ExportEndpoint {

    /** Events read per page while the bundle is written. */
    static final int PAGE = 1_000;

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
     * {@code java -jar audit-verifier.jar verify --public-key key.pem bundle.json}. Streamed a page
     * of events at a time, so its size costs no memory (ADR 0015); the head signs the last event
     * written, and versions reached after it are left out.
     */
    @GetMapping("/api/contracts/{contractId}/export")
    @ApiResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ExportBundle.class)))
    public void export(@PathVariable String contractId, HttpServletResponse response) throws IOException {
        scope.requireVisible(contractId);
        Iterator<List<EventEnvelope>> pages =
                eventLog.pages(contractId, null, PAGE).iterator();
        if (!pages.hasNext()) {
            throw new NotFoundException("no contract " + contractId);
        }
        Instant exportedAt = clock.instant();
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + contractId + ".bundle.json\"");
        try (JsonGenerator json = SlaJson.mapper().createGenerator(response.getOutputStream())) {
            json.writeStartObject();
            json.writeStringProperty("format", ExportBundle.FORMAT);
            json.writeStringProperty("contractId", contractId);
            json.writeName("exportedAt");
            json.writePOJO(exportedAt);
            json.writeName("events");
            json.writeStartArray();
            EventEnvelope last = null;
            while (pages.hasNext()) {
                for (EventEnvelope event : pages.next()) {
                    json.writePOJO(event);
                    last = event;
                }
            }
            json.writeEndArray();
            json.writeName("versions");
            json.writeStartArray();
            for (ExportBundle.VersionSnapshot version : versionsUpTo(contractId, last.sequence())) {
                json.writePOJO(version);
            }
            json.writeEndArray();
            json.writeName("head");
            json.writePOJO(signer.sign(last, exportedAt));
            json.writeEndObject();
        }
    }

    private List<ExportBundle.VersionSnapshot> versionsUpTo(String contractId, long sequence) {
        return jdbc.sql("""
                        SELECT version, sequence, reached_at, view FROM contract_version
                        WHERE contract_id = ? AND sequence <= ? ORDER BY major, minor""")
                .params(contractId, sequence)
                .query((rs, row) -> new ExportBundle.VersionSnapshot(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getTimestamp(3).toInstant(),
                        SlaJson.mapper().readTree(rs.getString(4))))
                .list();
    }
}
