package com.slaledger.eventstore;

import com.slaledger.api.json.SlaJson;
import com.slaledger.contract.ChainMetadata;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Uses a Contract snapshot only when it agrees with the hash chain: its last hash is the hash stored
 * with the event at the snapshot's sequence, and its state was folded up to exactly that sequence.
 * The service's database login may write snapshots (Axon needs it to), so a snapshot written by
 * anyone else, or left over from a rolled-back history, is not trusted; the contract is then rebuilt
 * from its events. ADR 0013 says what this does not catch.
 */
@Component
public class ChainAnchoredSnapshots implements SnapshotFilter {

    private static final Logger log = LoggerFactory.getLogger(ChainAnchoredSnapshots.class);

    private final JdbcClient jdbc;

    public ChainAnchoredSnapshots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean test(DomainEventData<?> snapshot) {
        String contractId = snapshot.getAggregateIdentifier();
        long sequence = snapshot.getSequenceNumber();
        String problem = problem(snapshot, contractId, sequence);
        if (problem != null) {
            log.warn(
                    "ignoring the snapshot of {} at sequence {}: {}; rebuilding from its events",
                    contractId,
                    sequence,
                    problem);
            return false;
        }
        return true;
    }

    private String problem(DomainEventData<?> snapshot, String contractId, long sequence) {
        JsonNode state;
        try {
            state = SlaJson.mapper().readTree(bytes(snapshot.getPayload().getData()));
        } catch (RuntimeException e) {
            return "its payload is not JSON";
        }
        String lastHash = state.path("lastHash").asString(null);
        if (state.path("state").path("lastSequence").asLong(-1) != sequence) {
            return "its state was not folded up to its own sequence";
        }
        Optional<String> stored = jdbc.sql("""
                        SELECT meta_data FROM domain_event_entry
                        WHERE aggregate_identifier = ? AND sequence_number = ?""")
                .param(contractId)
                .param(sequence)
                .query((rs, row) -> SlaJson.mapper()
                        .readTree(rs.getBytes(1))
                        .path(ChainMetadata.HASH)
                        .asString(null))
                .optional();
        if (stored.isEmpty()) {
            return "no event is stored at its sequence";
        }
        if (lastHash == null || !lastHash.equals(stored.get())) {
            return "its last hash is not the hash of the event at its sequence";
        }
        return null;
    }

    private static byte[] bytes(Object data) {
        return data instanceof byte[] raw
                ? raw
                : String.valueOf(data).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
