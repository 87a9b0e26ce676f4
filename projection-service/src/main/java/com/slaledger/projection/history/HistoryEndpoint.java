package com.slaledger.projection.history;

import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.hash.ChainVerification;
import com.slaledger.api.hash.ChainedEvent;
import com.slaledger.api.hash.HashChain;
import com.slaledger.projection.access.PartyScope;
import com.slaledger.projection.contractview.ClauseView;
import com.slaledger.projection.contractview.ContractFold;
import com.slaledger.projection.contractview.ContractView;
import com.slaledger.projection.ingest.EventLog;
import com.slaledger.projection.web.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class HistoryEndpoint {

    private final EventLog eventLog;
    private final PartyScope scope;

    public HistoryEndpoint(EventLog eventLog, PartyScope scope) {
        this.eventLog = eventLog;
        this.scope = scope;
    }

    /** The audit timeline: every event with who, when, what it changed, and the version after it. */
    @GetMapping("/api/contracts/{contractId}/history")
    public List<HistoryEntry> history(@PathVariable String contractId) {
        List<EventEnvelope> events = events(contractId);
        List<HistoryEntry> entries = new ArrayList<>(events.size());
        ContractView view = null;
        for (EventEnvelope envelope : events) {
            ContractView before = view;
            view = ContractFold.apply(view, envelope);
            ContractEvent event = envelope.event();
            String clauseId = clauseOf(envelope);
            entries.add(new HistoryEntry(
                    envelope.sequence(),
                    envelope.type(),
                    envelope.occurredAt(),
                    envelope.recordedAt(),
                    envelope.actor(),
                    envelope.commandId(),
                    view.version(),
                    Summaries.of(event),
                    clauseId,
                    clause(before, clauseId),
                    clause(view, clauseId),
                    envelope.hash()));
        }
        return entries;
    }

    /** Recomputes the hash chain from the stored envelopes (docs/hash-chain.md). */
    @GetMapping("/api/contracts/{contractId}/history/verify")
    public ChainVerification verify(@PathVariable String contractId) {
        return HashChain.verify(events(contractId).stream()
                .map(e -> new ChainedEvent(e.sequence(), e.type(), e.payload(), e.previousHash(), e.hash()))
                .toList());
    }

    private List<EventEnvelope> events(String contractId) {
        scope.requireVisible(contractId);
        List<EventEnvelope> events = eventLog.of(contractId);
        if (events.isEmpty()) {
            throw new NotFoundException("no contract " + contractId);
        }
        return events;
    }

    private static String clauseOf(EventEnvelope envelope) {
        var clauseId = envelope.payload().get("clauseId");
        return clauseId == null || clauseId.isNull() ? null : clauseId.asString();
    }

    private static ClauseView clause(ContractView view, String clauseId) {
        return view == null || clauseId == null ? null : view.clause(clauseId).orElse(null);
    }
}
