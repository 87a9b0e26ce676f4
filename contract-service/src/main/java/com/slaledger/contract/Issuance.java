package com.slaledger.contract;

import com.slaledger.api.Actor;
import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.axonframework.messaging.MetaData;

/**
 * Who issued a command, when, under which idempotency key, and the sequence the sender last saw.
 * Travels as command metadata so the command records stay pure payload; the aggregate takes time
 * from here, never from a clock, which keeps it deterministic.
 */
public record Issuance(String commandId, Actor issuedBy, Instant issuedAt, Long expectedVersion, String correlationId) {

    public static final String COMMAND_ID = "commandId";
    public static final String PARTY = "party";
    public static final String ACTOR = "actor";
    public static final String ISSUED_AT = "issuedAt";
    public static final String EXPECTED_VERSION = "expectedVersion";
    public static final String CORRELATION_ID = "correlationId";

    public Party party() {
        return issuedBy.party();
    }

    public MetaData toMetaData() {
        Map<String, Object> values = new HashMap<>();
        values.put(COMMAND_ID, commandId);
        if (!issuedBy.isSystem()) {
            values.put(PARTY, issuedBy.party().name());
        }
        values.put(ACTOR, issuedBy.actor());
        values.put(ISSUED_AT, issuedAt.toString());
        values.put(CORRELATION_ID, correlationId == null ? commandId : correlationId);
        if (expectedVersion != null) {
            values.put(EXPECTED_VERSION, expectedVersion);
        }
        return MetaData.from(values);
    }

    /** The metadata every event of this command carries, next to the hash chain. */
    MetaData forEvents() {
        return toMetaData().withoutKeys(Set.of(EXPECTED_VERSION));
    }

    public static Issuance from(MetaData metaData) {
        Object party = metaData.get(PARTY);
        Object issuedAt = metaData.get(ISSUED_AT);
        if (issuedAt == null || metaData.get(COMMAND_ID) == null) {
            throw new CommandRejectedException(RejectionCode.MALFORMED, "a command needs commandId and issuedAt");
        }
        try {
            Object expected = metaData.get(EXPECTED_VERSION);
            return new Issuance(
                    metaData.get(COMMAND_ID).toString(),
                    new Actor(party == null ? null : Party.valueOf(party.toString()),
                            String.valueOf(metaData.getOrDefault(ACTOR, ""))),
                    Instant.parse(issuedAt.toString()),
                    expected == null ? null : Long.valueOf(expected.toString()),
                    (String) metaData.get(CORRELATION_ID));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new CommandRejectedException(RejectionCode.INVALID, "issuedBy or issuedAt is not valid: " + e.getMessage());
        }
    }
}
