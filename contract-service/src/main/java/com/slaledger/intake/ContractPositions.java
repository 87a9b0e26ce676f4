package com.slaledger.intake;

import com.slaledger.api.json.SlaJson;
import com.slaledger.contract.ChainMetadata;
import com.slaledger.contract.Position;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/** Where a contract stands in the event store: its last sequence number and version. */
@Repository
public class ContractPositions {

    private final JdbcClient jdbc;

    public ContractPositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Position> of(String contractId) {
        return jdbc.sql("""
                        SELECT sequence_number, meta_data FROM domain_event_entry
                        WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1""")
                .param(contractId)
                .query((rs, row) -> new Position(rs.getLong(1), versionIn(rs.getBytes(2))))
                .optional();
    }

    private static String versionIn(byte[] metaData) {
        if (metaData == null) {
            return null;
        }
        JsonNode version = SlaJson.mapper().readTree(metaData).get(ChainMetadata.CONTRACT_VERSION);
        return version == null || version.isNull() ? null : version.asString();
    }
}
