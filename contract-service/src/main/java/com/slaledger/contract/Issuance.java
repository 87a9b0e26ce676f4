package com.slaledger.contract;

import com.slaledger.api.Actor;
import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.json.Instants;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.messaging.MetaData;

/**
 * Who issued a command, when, under which idempotency key, and the sequence the sender last saw.
 * Travels as command metadata so the command records stay pure payload; the aggregate takes time
 * from here, never from a clock, which keeps it deterministic.
 */
public record Issuance(
        String commandId,
        Actor issuedBy,
        Instant issuedAt,
        Instant receivedAt,
        Long expectedVersion,
        String correlationId,
        Set<String> permittedPartyIds) {

    public static final String COMMAND_ID = "commandId";
    public static final String PARTY = "party";
    public static final String ACTOR = "actor";
    public static final String ISSUED_AT = "issuedAt";
    /** The service's own clock when the command arrived: every time rule judges by it. */
    public static final String RECEIVED_AT = "receivedAt";

    public static final String EXPECTED_VERSION = "expectedVersion";
    public static final String CORRELATION_ID = "correlationId";
    /** Set when an HTTP caller's token is limited to some parties: the issuing party must be one of them. */
    public static final String PERMITTED_PARTIES = "permittedParties";

    /**
     * An issuance received when it was issued, not limited to any parties: the service's own
     * commands, and tests.
     */
    public Issuance(String commandId, Actor issuedBy, Instant issuedAt, Long expectedVersion, String correlationId) {
        this(commandId, issuedBy, issuedAt, issuedAt, expectedVersion, correlationId, null);
    }

    public Issuance permittedTo(Set<String> partyIds) {
        return new Issuance(
                commandId, issuedBy, issuedAt, receivedAt, expectedVersion, correlationId, Set.copyOf(partyIds));
    }

    public Party party() {
        return issuedBy.party();
    }

    public MetaData toMetaData() {
        Map<String, Object> values = eventValues();
        if (expectedVersion != null) {
            values.put(EXPECTED_VERSION, expectedVersion);
        }
        if (permittedPartyIds != null) {
            values.put(PERMITTED_PARTIES, String.join(",", new TreeSet<>(permittedPartyIds)));
        }
        return MetaData.from(values);
    }

    /**
     * The metadata every event of this command carries, next to the hash chain: a fresh map, so
     * that {@link ChainMetadata} adds the chain's entries and copies it into a {@code MetaData}
     * once (each {@code MetaData.and} copies the whole map).
     */
    Map<String, Object> eventValues() {
        Map<String, Object> values = new HashMap<>();
        values.put(COMMAND_ID, commandId);
        if (!issuedBy.isSystem()) {
            values.put(PARTY, issuedBy.party().name());
        }
        values.put(ACTOR, issuedBy.actor());
        values.put(ISSUED_AT, issuedAt.toString());
        values.put(RECEIVED_AT, receivedAt.toString());
        values.put(CORRELATION_ID, correlationId == null ? commandId : correlationId);
        return values;
    }

    public static Issuance from(MetaData metaData) {
        Object party = metaData.get(PARTY);
        Object issuedAt = metaData.get(ISSUED_AT);
        if (issuedAt == null || metaData.get(COMMAND_ID) == null) {
            throw new CommandRejectedException(RejectionCode.MALFORMED, "a command needs commandId and issuedAt");
        }
        try {
            Object expected = metaData.get(EXPECTED_VERSION);
            Object permitted = metaData.get(PERMITTED_PARTIES);
            Object receivedAt = metaData.get(RECEIVED_AT);
            Instant issued = Instants.parse(issuedAt.toString());
            return new Issuance(
                    metaData.get(COMMAND_ID).toString(),
                    new Actor(
                            party == null ? null : Party.valueOf(party.toString()),
                            String.valueOf(metaData.getOrDefault(ACTOR, ""))),
                    issued,
                    // Events stored before receivedAt existed were judged by their issuedAt.
                    receivedAt == null ? issued : Instants.parse(receivedAt.toString()),
                    expected == null ? null : Long.valueOf(expected.toString()),
                    (String) metaData.get(CORRELATION_ID),
                    permitted == null ? null : Set.of(permitted.toString().split(",")));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new CommandRejectedException(
                    RejectionCode.INVALID, "issuedBy or issuedAt is not valid: " + e.getMessage());
        }
    }
}
