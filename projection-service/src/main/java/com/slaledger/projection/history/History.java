package com.slaledger.projection.history;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.hash.ChainVerification;
import com.slaledger.api.hash.ChainedEvent;
import com.slaledger.api.hash.HashChain;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.projection.access.PartyScope;
import com.slaledger.projection.ingest.EventLog;
import com.slaledger.projection.web.NotFoundException;
import java.util.List;
import org.springframework.stereotype.Component;

/** A contract's audit timeline and its hash-chain check, from the projection's copy of its events. */
@Component
public class History {

    private final EventLog eventLog;
    private final PartyScope scope;

    public History(EventLog eventLog, PartyScope scope) {
        this.eventLog = eventLog;
        this.scope = scope;
    }

    /** Every event with who, when, what it changed (the clause before and after), and the version after it. */
    public List<HistoryEntry> of(String contractId) {
        return ContractFold.transitions(events(contractId)).stream()
                .map(History::entry)
                .toList();
    }

    /** Recomputes the hash chain from the stored envelopes (docs/hash-chain.md). */
    public ChainVerification verify(String contractId) {
        return HashChain.verify(
                events(contractId).stream().map(ChainedEvent::of).toList());
    }

    private static HistoryEntry entry(ContractFold.Transition step) {
        EventEnvelope envelope = step.envelope();
        String clauseId = step.event().accept(ClauseOf.INSTANCE);
        return new HistoryEntry(
                envelope.sequence(),
                envelope.type(),
                envelope.occurredAt(),
                envelope.recordedAt(),
                envelope.actor(),
                envelope.commandId(),
                step.after().version(),
                Summaries.of(step.event()),
                clauseId,
                clause(step.before(), clauseId),
                clause(step.after(), clauseId),
                envelope.hash());
    }

    private List<EventEnvelope> events(String contractId) {
        scope.requireVisible(contractId);
        List<EventEnvelope> events = eventLog.of(contractId);
        if (events.isEmpty()) {
            throw new NotFoundException("no contract " + contractId);
        }
        return events;
    }

    private static ClauseView clause(ContractView view, String clauseId) {
        return view == null || clauseId == null ? null : view.clause(clauseId).orElse(null);
    }
}
