package com.slaledger.eventstore;

import com.slaledger.api.RejectionCode;
import com.slaledger.api.hash.ChainVerification;
import com.slaledger.security.Caller;
import com.slaledger.security.Problems;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The hash-chain check against contract-service's own event store, so an auditor can compare it
 * with projection-service's answer for the copy it received.
 */
@RestController
public class ChainEndpoint {

    private final StoredChain chain;

    public ChainEndpoint(StoredChain chain) {
        this.chain = chain;
    }

    /** Party-scoped like the projection's endpoints: another party's contract is not found. */
    @GetMapping("/api/contracts/{contractId}/history/verify")
    public ResponseEntity<?> verify(@PathVariable String contractId) {
        boolean visible = chain.parties(contractId)
                .map(parties -> Caller.maySee(parties[0], parties[1]))
                .orElse(false);
        ChainVerification verification = visible ? chain.verify(contractId) : null;
        if (verification == null || verification.eventsChecked() == 0) {
            return ResponseEntity.status(404)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(RejectionCode.NOT_FOUND, "no contract " + contractId));
        }
        return ResponseEntity.ok(verification);
    }
}
