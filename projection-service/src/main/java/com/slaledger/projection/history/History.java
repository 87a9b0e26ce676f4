package com.slaledger.projection.history;

import com.slaledger.api.hash.ChainVerification;
import com.slaledger.api.hash.ChainedEvent;
import com.slaledger.api.hash.HashChain;
import com.slaledger.projection.access.PartyScope;
import com.slaledger.projection.ingest.EventLog;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A contract's audit timeline and its hash-chain check, from the projection's copy of its events.
 * Both read pages of rows: a contract's length costs time, not memory (ADR 0015).
 */
@Component
public class History {

    /** Events read per page while checking the chain. */
    static final int VERIFY_PAGE = 1_000;

    private final EventLog eventLog;
    private final PartyScope scope;

    public History(EventLog eventLog, PartyScope scope) {
        this.eventLog = eventLog;
        this.scope = scope;
    }

    /**
     * Up to {@code size} lines from {@code fromSequence} on: who, when, what each event changed
     * (the clause before and after), and the version after it; {@code next} starts the next page.
     */
    public Page of(String contractId, long fromSequence, int size) {
        scope.requireVisible(contractId);
        List<HistoryEntry> lines = eventLog.entries(contractId, fromSequence, size + 1);
        return lines.size() > size
                ? new Page(lines.subList(0, size), lines.get(size).sequence())
                : new Page(lines, null);
    }

    /** One page of the timeline; {@code next} is the {@code fromSequence} of the following page, or null. */
    public record Page(List<HistoryEntry> entries, Long next) {}

    /** Recomputes the hash chain from the stored envelopes, a page at a time (docs/hash-chain.md). */
    public ChainVerification verify(String contractId) {
        scope.requireVisible(contractId);
        HashChain.Verifier verifier = new HashChain.Verifier();
        int read = 0;
        for (var page : eventLog.pages(contractId, null, VERIFY_PAGE)) {
            for (var envelope : page) {
                read++;
                if (!verifier.check(ChainedEvent.of(envelope))) {
                    return verifier.result(eventLog.count(contractId));
                }
            }
        }
        return verifier.result(read);
    }
}
