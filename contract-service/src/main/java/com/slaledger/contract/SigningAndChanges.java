package com.slaledger.contract;

import static com.slaledger.api.RejectionCode.ALREADY_SIGNED;
import static com.slaledger.api.RejectionCode.NO_CLAUSES;
import static com.slaledger.api.RejectionCode.NO_PENDING_PROPOSAL;
import static com.slaledger.api.RejectionCode.OWN_PROPOSAL;
import static com.slaledger.api.RejectionCode.REVIEW_NOT_DUE;
import static com.slaledger.contract.Rules.reject;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractVersion;
import com.slaledger.api.Party;
import com.slaledger.api.command.AgreeToChange;
import com.slaledger.api.command.MarkReviewDue;
import com.slaledger.api.command.RejectChange;
import com.slaledger.api.command.SignContract;
import com.slaledger.api.event.ChangeAgreed;
import com.slaledger.api.event.ChangeRejected;
import com.slaledger.api.event.ContractActivated;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.ContractSigned;
import com.slaledger.api.event.ReviewBecameDue;
import com.slaledger.api.view.ClauseView.Proposal;
import com.slaledger.api.view.ContractView;
import com.slaledger.api.view.SlaRules;
import java.time.Instant;
import java.util.List;

/**
 * Signing, and changing an active contract together: one party proposes, the other agrees or
 * rejects; a party cannot agree to its own proposal. Review-by dates that pass are marked.
 */
final class SigningAndChanges {

    private SigningAndChanges() {}

    /** Version 1.0 comes into force with the second signature. */
    static List<ContractEvent> sign(ContractView contract, SignContract command, Party party) {
        if (contract.hasSigned(party)) {
            throw reject(ALREADY_SIGNED, "the " + party + " has already signed");
        }
        if (contract.clauses().isEmpty()) {
            throw reject(NO_CLAUSES, "a contract needs at least one clause before it is signed");
        }
        ContractSigned signed = new ContractSigned(command.contractId(), party);
        return contract.hasSigned(party.other())
                ? List.of(signed, new ContractActivated(command.contractId(), ContractVersion.FIRST))
                : List.of(signed);
    }

    static ChangeAgreed agree(ContractView contract, AgreeToChange command, Party party) {
        Proposal proposal = requirePendingProposal(contract, command.clauseId());
        if (proposal.proposedBy() == party) {
            throw reject(
                    OWN_PROPOSAL, "the " + party + " proposed this change; only the " + party.other() + " can agree");
        }
        return new ChangeAgreed(
                command.contractId(),
                command.clauseId(),
                proposal.kind(),
                proposal.proposedBy(),
                party,
                SlaRules.versionAfterAgreeing(contract, command.clauseId().value(), proposal.kind()),
                proposal.kind().leavesClauseOpen() ? proposal.reviewBy() : null,
                command.reason());
    }

    /** The other party rejects, or the proposing party withdraws its own proposal. */
    static ChangeRejected rejectChange(ContractView contract, RejectChange command, Party party) {
        Proposal proposal = requirePendingProposal(contract, command.clauseId());
        return new ChangeRejected(
                command.contractId(),
                command.clauseId(),
                proposal.kind(),
                proposal.proposedBy(),
                party,
                command.reason());
    }

    static ReviewBecameDue markReviewDue(ContractView contract, MarkReviewDue command, Instant now) {
        boolean overdue = contract.clause(command.clauseId())
                .map(clause -> SlaRules.reviewOverdue(clause, command.reviewBy(), now))
                .orElse(false);
        if (!overdue) {
            throw reject(
                    REVIEW_NOT_DUE, "clause " + command.clauseId() + " has no review overdue on " + command.reviewBy());
        }
        return new ReviewBecameDue(command.contractId(), command.clauseId(), command.reviewBy());
    }

    private static Proposal requirePendingProposal(ContractView contract, ClauseId id) {
        return contract.pendingProposal(id)
                .orElseThrow(() -> reject(NO_PENDING_PROPOSAL, "clause " + id + " has no pending proposal"));
    }
}
