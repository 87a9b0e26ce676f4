package com.slaledger.projection.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractView;
import java.util.IdentityHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

/**
 * What a line of the audit timeline adds to its event, as the event log stores it beside the
 * envelope (ADR 0015): the version after the event, the summary, and the clause it touched as it
 * was and as it became. The rest of a {@link HistoryEntry} (sequence, type, times, actor, commandId,
 * hash) is read from the envelope, not stored twice. A clause the event left as it was (a
 * breach's, a review's) is stored once: {@code before} is then null and {@code clauseUnchanged}
 * true. Lines are stored without their null properties ({@link Writer}).
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

    /**
     * Writes lines as the event log stores them: by the shared JSON setup, but without the
     * properties that are null (a line is only ever read back by the shared setup, where a missing
     * property reads as null), and each clause once. The lines of one batch show the same clause
     * again and again (every breach of a contract shows its clause as it was, a change's {@code
     * before} is the previous change's {@code after}), and the fold hands them the same {@link
     * ClauseView} each time: its text is written at its first line and copied into the others (ADR
     * 0009). One per batch: it holds every clause it wrote.
     */
    public static final class Writer {

        /** The shared setup, leaving out null properties: 28 % of a line's bytes over P3's stories. */
        static final JsonMapper STORED = SlaJson.mapper()
                .rebuild()
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();

        private final Map<ClauseView, RawValue> written = new IdentityHashMap<>();

        public byte[] bytes(TimelineLine line) {
            return STORED.writeValueAsBytes(new Stored(
                    line.contractVersion(),
                    line.summary(),
                    line.clauseId(),
                    text(line.before()),
                    text(line.after()),
                    line.clauseUnchanged()));
        }

        private RawValue text(ClauseView clause) {
            return clause == null
                    ? null
                    : written.computeIfAbsent(clause, c -> new RawValue(STORED.writeValueAsString(c)));
        }

        /** A line with its clauses as their written text: the same properties in the same order. */
        private record Stored(
                String contractVersion,
                String summary,
                String clauseId,
                RawValue before,
                RawValue after,
                boolean clauseUnchanged) {}
    }
}
