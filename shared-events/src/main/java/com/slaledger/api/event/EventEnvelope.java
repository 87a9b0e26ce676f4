package com.slaledger.api.event;

import com.slaledger.api.Actor;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A stored event as published on {@code contract.events}. {@code sequence} is the event's position
 * in its contract (from 0); {@code occurredAt} is when the issuing command says it happened (the
 * sender's {@code issuedAt}, a claim), {@code receivedAt} when the service's clock received the
 * command (every time rule judges by it; null on events stored before it existed),
 * {@code recordedAt} when the event was stored; {@code hash} chains it to {@code previousHash} (see
 * docs/hash-chain.md). {@code contractVersion} is the version after the event, null before
 * activation. {@code chainVersion} says by which rule {@code hash} was computed: 2 for every event
 * stored since it existed, which covers the header as well as the payload; null or 1 for older
 * events, whose hash covers the sequence, type and payload only.
 */
@RecordBuilder
public record EventEnvelope(
        String eventId,
        String type,
        int revision,
        String contractId,
        long sequence,
        Instant occurredAt,
        Instant recordedAt,
        Actor actor,
        String commandId,
        String correlationId,
        String contractVersion,
        String previousHash,
        String hash,
        JsonNode payload,
        Instant receivedAt,
        Integer chainVersion)
        implements EventEnvelopeBuilder.With {

    /**
     * The payload as its event record. An envelope without one has no event: the publisher sends
     * so a stored event whose payload, metadata or type it cannot read (ADR 0018).
     */
    public ContractEvent event() {
        Class<? extends ContractEvent> type = ContractEvents.classOf(this.type)
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + this.type));
        if (payload == null || payload.isNull()) {
            throw new IllegalArgumentException(
                    "the " + this.type + " event at sequence " + sequence + " carries no payload");
        }
        return com.slaledger.api.json.SlaJson.mapper().treeToValue(payload, type);
    }
}
