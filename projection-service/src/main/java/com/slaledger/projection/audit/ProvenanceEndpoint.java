package com.slaledger.projection.audit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ProvenanceEndpoint {

    private final Provenance provenance;

    public ProvenanceEndpoint(Provenance provenance) {
        this.provenance = provenance;
    }

    /** Every step that shaped one clause, from the events, in order. */
    @GetMapping("/api/contracts/{contractId}/clauses/{clauseId}/provenance")
    public ClauseProvenance provenance(@PathVariable String contractId, @PathVariable String clauseId) {
        return provenance.of(contractId, clauseId);
    }
}
