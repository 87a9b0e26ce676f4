package com.slaledger.projection.history;

import com.slaledger.api.Actor;
import com.slaledger.api.view.ClauseView;
import java.time.Instant;

/**
 * One line of a contract's audit timeline. {@code before} and {@code after} show the clause the
 * event changed, as it was and as it became; {@code contractVersion} is the version after the event.
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
        String hash) {}
