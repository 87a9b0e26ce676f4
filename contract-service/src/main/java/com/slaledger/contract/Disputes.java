package com.slaledger.contract;

import static com.slaledger.api.RejectionCode.ALREADY_DISPUTED;
import static com.slaledger.api.RejectionCode.NOT_DISPUTED;
import static com.slaledger.api.RejectionCode.OWN_PROPOSAL;
import static com.slaledger.contract.Rules.reject;
import static com.slaledger.contract.Rules.requireBreach;

import com.slaledger.api.Party;
import com.slaledger.api.SettlementOutcome;
import com.slaledger.api.command.DisputeBreach;
import com.slaledger.api.command.SettleDispute;
import com.slaledger.api.event.BreachDisputed;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.DisputeSettled;
import com.slaledger.api.event.DisputeSettlementProposed;
import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.BreachView.Dispute;
import com.slaledger.api.view.ContractView;

/**
 * The supplier may dispute a breach; a dispute is settled by agreement: one party proposes an
 * outcome, the other agrees to the same outcome. A withdrawn breach releases its credit.
 */
final class Disputes {

    private Disputes() {}

    static BreachDisputed dispute(ContractView contract, DisputeBreach command) {
        BreachView breach = requireBreach(contract, command.breachId());
        if (breach.dispute() != Dispute.NONE) {
            throw reject(
                    ALREADY_DISPUTED,
                    breach.dispute() == Dispute.OPEN
                            ? "breach " + breach.breachId() + " is already under dispute"
                            : "breach " + breach.breachId() + "'s dispute was already settled: "
                                    + breach.dispute().name().toLowerCase());
        }
        return new BreachDisputed(command.contractId(), command.breachId(), command.reason());
    }

    static ContractEvent settle(ContractView contract, SettleDispute command, Party party) {
        BreachView breach = requireBreach(contract, command.breachId());
        if (breach.dispute() != Dispute.OPEN) {
            throw reject(NOT_DISPUTED, "breach " + breach.breachId() + " is not under dispute");
        }
        if (breach.settlementProposedBy() == party) {
            throw reject(
                    OWN_PROPOSAL, "the " + party + " already proposed this settlement; the other party must agree");
        }
        boolean agreesWithOtherParty =
                breach.settlementProposedBy() == party.other() && breach.proposedSettlement() == command.outcome();
        if (!agreesWithOtherParty) {
            return new DisputeSettlementProposed(
                    command.contractId(), command.breachId(), command.outcome(), command.note(), party);
        }
        return new DisputeSettled(
                command.contractId(),
                command.breachId(),
                command.outcome(),
                command.note(),
                breach.settlementProposedBy(),
                party,
                command.outcome() == SettlementOutcome.WITHDRAWN ? breach.credited() : null);
    }
}
