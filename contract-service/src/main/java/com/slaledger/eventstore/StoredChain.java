package com.slaledger.eventstore;

import com.slaledger.api.Actor;
import com.slaledger.api.Party;
import com.slaledger.api.hash.ChainVerification;
import com.slaledger.api.hash.ChainedEvent;
import com.slaledger.api.hash.HashChain;
import com.slaledger.api.json.Instants;
import com.slaledger.api.json.SlaJson;
import com.slaledger.contract.ChainMetadata;
import com.slaledger.contract.Issuance;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Recomputes a contract's hash chain from the bytes in {@code domain_event_entry}, not from
 * deserialized objects, so that any edit of a stored payload, type or hash shows up.
 */
@Component
public class StoredChain {

    private final JdbcClient jdbc;

    public StoredChain(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The contract's client and supplier ids, from its first event; empty when there is none. A
     * first event that cannot be read names no party: only a caller bound to none sees the contract.
     */
    public java.util.Optional<String[]> parties(String contractId) {
        return jdbc.sql("""
                        SELECT payload FROM domain_event_entry
                        WHERE aggregate_identifier = ? AND sequence_number = 0""")
                .param(contractId)
                .query((rs, row) -> {
                    JsonNode drafted = readable(rs.getBytes(1));
                    return new String[] {
                        drafted.path("client").path("id").asString(),
                        drafted.path("supplier").path("id").asString()
                    };
                })
                .optional();
    }

    /**
     * The chain as stored. A row whose payload or metadata cannot be read (damage the append-only
     * trigger did not stop) breaks it there, with the reason.
     */
    public ChainVerification verify(String contractId) {
        List<StoredRow> rows = jdbc.sql("""
                        SELECT sequence_number, payload_type, payload_revision, payload, meta_data
                        FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number""")
                .param(contractId)
                .query((rs, row) -> new StoredRow(
                        rs.getLong("sequence_number"),
                        rs.getString("payload_type"),
                        rs.getString("payload_revision"),
                        rs.getBytes("payload"),
                        rs.getBytes("meta_data")))
                .list();
        HashChain.Verifier verifier = new HashChain.Verifier();
        for (StoredRow row : rows) {
            ChainedEvent event;
            try {
                event = toChained(
                        contractId, row.sequence(), row.payloadType(), row.revision(), row.payload(), row.metaData());
            } catch (RuntimeException e) {
                verifier.unreadable("the stored row at sequence " + row.sequence()
                        + (e instanceof JacksonException ? ": its payload or metadata is not JSON" : ": " + e));
                break;
            }
            if (!verifier.check(event)) {
                break;
            }
        }
        return verifier.result(rows.size());
    }

    private record StoredRow(long sequence, String payloadType, String revision, byte[] payload, byte[] metaData) {}

    private static JsonNode readable(byte[] payload) {
        try {
            return SlaJson.mapper().readTree(payload);
        } catch (RuntimeException e) {
            return SlaJson.mapper().createObjectNode();
        }
    }

    private static ChainedEvent toChained(
            String contractId, long sequence, String payloadType, String revision, byte[] payload, byte[] metaData) {
        JsonNode meta = metaData == null
                ? SlaJson.mapper().createObjectNode()
                : SlaJson.mapper().readTree(metaData);
        String party = textOrNull(meta, Issuance.PARTY);
        return new ChainedEvent(
                ChainMetadata.chainVersion(textOrNull(meta, ChainMetadata.CHAIN_VERSION)),
                sequence,
                payloadType.substring(payloadType.lastIndexOf('.') + 1),
                revision == null ? 0 : Integer.parseInt(revision),
                contractId,
                new Actor(party == null ? null : Party.valueOf(party), textOrNull(meta, Issuance.ACTOR)),
                textOrNull(meta, Issuance.COMMAND_ID),
                instantOrNull(meta, Issuance.ISSUED_AT),
                instantOrNull(meta, Issuance.RECEIVED_AT),
                textOrNull(meta, ChainMetadata.CONTRACT_VERSION),
                SlaJson.mapper().readTree(payload),
                textOrNull(meta, ChainMetadata.PREVIOUS_HASH),
                textOrNull(meta, ChainMetadata.HASH));
    }

    private static Instant instantOrNull(JsonNode node, String field) {
        String value = textOrNull(node, field);
        return value == null ? null : Instants.parse(value);
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
