package com.slaledger.projection.history;

import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractView;

/**
 * What a line of the audit timeline adds to its event, as the event log stores it beside the
 * envelope (ADR 0015): the version after the event, the summary, and the clause it touched as it
 * was and as it became. The rest of a {@link HistoryEntry} (sequence, type, times, actor, commandId,
 * hash) is read from the envelope, not stored twice. A clause the event left as it was (a
 * breach's, a review's) is stored once: {@code before} is then null and {@code clauseUnchanged}
 * true.
 */
public record TimelineLine(
        String contractVersion,
        String summary,
        String clauseId,
        ClauseView before,
        ClauseView after,
        boolean clauseUnchanged) {

    /** The line of one event, from the contract as it was before it (null for the first) and after. */
    public static TimelineLine of(ContractEvent event, ContractView before, ContractView after) {
        String clauseId = event.accept(ClauseOf.INSTANCE);
        ClauseView was = clause(before, clauseId);
        ClauseView is = clause(after, clauseId);
        boolean unchanged = was != null && was.equals(is);
        return new TimelineLine(after.version(), Summaries.of(event), clauseId, unchanged ? null : was, is, unchanged);
    }

    /** The whole line, with the header of its event's envelope. */
    public HistoryEntry entry(EventHeader header) {
        return new HistoryEntry(
                header.sequence(),
                header.type(),
                header.occurredAt(),
                header.recordedAt(),
                header.actor(),
                header.commandId(),
                contractVersion,
                summary,
                clauseId,
                clauseUnchanged ? after : before,
                after,
                header.hash());
    }

    private static ClauseView clause(ContractView view, String clauseId) {
        return view == null || clauseId == null ? null : view.clause(clauseId).orElse(null);
    }
}
