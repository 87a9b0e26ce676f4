package com.slaledger.projection.history;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.slaledger.api.Actor;
import com.slaledger.api.event.EventEnvelope;
import java.time.Instant;

/**
 * The part of an event's envelope that a line of the audit timeline shows, read from the stored
 * envelope without building its payload.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventHeader(
        long sequence,
        String type,
        Instant occurredAt,
        Instant recordedAt,
        Actor actor,
        String commandId,
        String hash) {

    public static EventHeader of(EventEnvelope envelope) {
        return new EventHeader(
                envelope.sequence(),
                envelope.type(),
                envelope.occurredAt(),
                envelope.recordedAt(),
                envelope.actor(),
                envelope.commandId(),
                envelope.hash());
    }
}
