package com.slaledger.projection.history;

import com.slaledger.api.Actor;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractView;
import java.time.Instant;

/**
 * One line of a contract's audit timeline. {@code before} and {@code after} show the clause the
 * event changed, as it was and as it became; {@code contractVersion} is the version after the event.
 * Written once, when the event is applied, as a {@link TimelineLine} beside the event's envelope
 * (ADR 0015), so a page of the timeline is a read of rows.
 */
public record HistoryEntry(
        long sequence,
        String type,
        Instant occurredAt,
        Instant recordedAt,
        Actor actor,
        String commandId,
        String contractVersion,
        String summary,
        String clauseId,
        ClauseView before,
        ClauseView after,
        String hash) {

    /** The line of one event, from the contract as it was before it (null for the first) and after. */
    public static HistoryEntry of(
            EventEnvelope envelope, ContractEvent event, ContractView before, ContractView after) {
        return TimelineLine.of(event, before, after).entry(EventHeader.of(envelope));
    }
}
