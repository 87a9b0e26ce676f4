package com.slaledger.projection.history;

import com.slaledger.api.hash.ChainVerification;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class HistoryEndpoint {

    private final History history;

    public HistoryEndpoint(History history) {
        this.history = history;
    }

    /** The audit timeline: every event with who, when, what it changed, and the version after it. */
    @GetMapping("/api/contracts/{contractId}/history")
    public List<HistoryEntry> history(@PathVariable String contractId) {
        return history.of(contractId);
    }

    /** Recomputes the hash chain from the stored envelopes (docs/hash-chain.md). */
    @GetMapping("/api/contracts/{contractId}/history/verify")
    public ChainVerification verify(@PathVariable String contractId) {
        return history.verify(contractId);
    }
}
