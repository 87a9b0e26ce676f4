package com.slaledger.contract;

import static com.slaledger.api.RejectionCode.BREACH_NOT_FOUND;
import static com.slaledger.api.RejectionCode.CLAUSE_EXISTS;
import static com.slaledger.api.RejectionCode.CLAUSE_NOT_FOUND;
import static com.slaledger.api.RejectionCode.CONTRACT_NOT_ACTIVE;
import static com.slaledger.api.RejectionCode.PROPOSAL_PENDING;
import static com.slaledger.api.RejectionCode.SIGNING_IN_PROGRESS;

import com.slaledger.api.BreachId;
import com.slaledger.api.ClauseId;
import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractView;
import com.slaledger.api.view.ContractView.ContractStatus;

/** The preconditions several groups of rules share, each named as the brief would say it. */
final class Rules {

    private Rules() {}

    static CommandRejectedException reject(RejectionCode code, String message) {
        return new CommandRejectedException(code, message);
    }

    static boolean isDraft(ContractView contract) {
        return contract.status() == ContractStatus.DRAFT;
    }

    /** The contract's term as refusals name it: {@code 2026-01-01 to 2026-12-31}, or {@code to open end}. */
    static String term(ContractView contract) {
        return contract.startDate() + " to " + (contract.endDate() == null ? "open end" : contract.endDate());
    }

    static void requireActive(ContractView contract) {
        if (contract.status() != ContractStatus.ACTIVE) {
            throw reject(
                    CONTRACT_NOT_ACTIVE,
                    "contract " + contract.contractId() + " is not active: both parties must sign first");
        }
    }

    /** Before activation clauses change freely, but only until the first signature. */
    static void requireNobodySignedYet(ContractView contract) {
        if (!contract.signedBy().isEmpty()) {
            throw reject(
                    SIGNING_IN_PROGRESS,
                    "the " + contract.signedBy().get(0)
                            + " has signed this draft; clauses cannot change until the other party signs too");
        }
    }

    static ClauseView requireClause(ContractView contract, ClauseId id) {
        return contract.clause(id)
                .orElseThrow(
                        () -> reject(CLAUSE_NOT_FOUND, "contract " + contract.contractId() + " has no clause " + id));
    }

    static void requireClauseIsNew(ContractView contract, ClauseId id) {
        if (contract.clause(id).isPresent()) {
            throw reject(CLAUSE_EXISTS, "clause " + id + " already exists");
        }
        requireNoPendingProposal(contract, id);
    }

    static void requireNoPendingProposal(ContractView contract, ClauseId id) {
        contract.pendingProposal(id).ifPresent(pending -> {
            throw reject(
                    PROPOSAL_PENDING,
                    "clause " + id + " already has a pending proposal by the " + pending.proposedBy());
        });
    }

    /** Some acts are one party's: only the client waives or rates, only the supplier disputes. */
    static void requireParty(Party actual, Party required) {
        if (actual != required) {
            throw reject(
                    required == Party.CLIENT ? RejectionCode.CLIENT_ONLY : RejectionCode.SUPPLIER_ONLY,
                    "only the " + required + " may do this");
        }
    }

    static BreachView requireBreach(ContractView contract, BreachId id) {
        return contract.breach(id.value())
                .orElseThrow(
                        () -> reject(BREACH_NOT_FOUND, "contract " + contract.contractId() + " has no breach " + id));
    }
}
