package com.slaledger.api.hash;

import com.slaledger.api.Actor;
import com.slaledger.api.event.EventEnvelope;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * What the hash chain covers of one stored event, with the hashes recorded for it. Chain version 1
 * (events stored before version 2 existed) covers {@code sequence}, {@code type} and
 * {@code payload}; version 2 also covers the revision, the contract, who issued it and when, its
 * command and the contract version it left (docs/hash-chain.md).
 */
@RecordBuilder
public record ChainedEvent(
        int chainVersion,
        long sequence,
        String type,
        int revision,
        String contractId,
        Actor actor,
        String commandId,
        Instant occurredAt,
        Instant receivedAt,
        String contractVersion,
        JsonNode payload,
        String previousHash,
        String hash)
        implements ChainedEventBuilder.With {

    /** An event of chain version 1: only what that version covers. */
    public static ChainedEvent v1(long sequence, String type, JsonNode payload, String previousHash, String hash) {
        return new ChainedEvent(1, sequence, type, 0, null, null, null, null, null, null, payload, previousHash, hash);
    }

    /** A published or exported event as it travels; the envelope says its chain version. */
    public static ChainedEvent of(EventEnvelope envelope) {
        return new ChainedEvent(
                envelope.chainVersion() == null ? 1 : envelope.chainVersion(),
                envelope.sequence(),
                envelope.type(),
                envelope.revision(),
                envelope.contractId(),
                envelope.actor(),
                envelope.commandId(),
                envelope.occurredAt(),
                envelope.receivedAt(),
                envelope.contractVersion(),
                envelope.payload(),
                envelope.previousHash(),
                envelope.hash());
    }

    /** This event linked to {@code previousHash}, with {@code hash} as its own. */
    public ChainedEvent withHashes(String previousHash, String hash) {
        return withPreviousHash(previousHash).withHash(hash);
    }
}
