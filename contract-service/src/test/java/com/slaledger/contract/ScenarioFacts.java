package com.slaledger.contract;

import com.slaledger.api.ContractVersion;
import com.slaledger.api.Party;
import com.slaledger.api.SettlementOutcome;
import com.slaledger.api.command.*;
import com.slaledger.api.event.*;
import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractView;
import com.slaledger.api.view.SlaRules;
import java.util.List;

/**
 * The facts a command in a scenario stands for, written with the shared semantics (the fold's view,
 * {@link SlaRules}, the proposal factories) and none of the aggregate's rules: a scenario states
 * what has happened, it does not ask whether it may.
 */
final class ScenarioFacts {

    private ScenarioFacts() {}

    static List<ContractEvent> of(ContractView state, ContractCommand command, Party by) {
        boolean draft = state == null || state.status() == ContractView.ContractStatus.DRAFT;
        if (command instanceof DraftContract c) {
            return List.of(ContractDrafted.of(c));
        } else if (command instanceof DraftClause c) {
            return List.of(draft ? ClauseDrafted.of(c) : ChangeProposed.addClause(c, by));
        } else if (command instanceof LeaveClauseOpen c) {
            return List.of(
                    draft
                            ? ClauseLeftOpen.of(c)
                            : ChangeProposed.leaveOpen(
                                    c, by, state.clause(c.clauseId()).isPresent()));
        } else if (command instanceof FillInClause c) {
            return List.of(draft ? ClauseFilledIn.of(c) : ChangeProposed.fillIn(c, by));
        } else if (command instanceof AmendClause c) {
            return List.of(draft ? ClauseAmended.of(c) : ChangeProposed.amend(c, by));
        } else if (command instanceof SignContract c) {
            ContractSigned signed = new ContractSigned(c.contractId(), by);
            return state.hasSigned(by.other())
                    ? List.of(signed, new ContractActivated(c.contractId(), ContractVersion.FIRST))
                    : List.of(signed);
        } else if (command instanceof AgreeToChange c) {
            ClauseView.Proposal p = state.pendingProposal(c.clauseId()).orElseThrow();
            return List.of(new ChangeAgreed(
                    c.contractId(),
                    c.clauseId(),
                    p.kind(),
                    p.proposedBy(),
                    by,
                    SlaRules.versionAfterAgreeing(state, c.clauseId().value(), p.kind()),
                    p.kind().leavesClauseOpen() ? p.reviewBy() : null,
                    c.reason()));
        } else if (command instanceof RejectChange c) {
            ClauseView.Proposal p = state.pendingProposal(c.clauseId()).orElseThrow();
            return List.of(new ChangeRejected(c.contractId(), c.clauseId(), p.kind(), p.proposedBy(), by, c.reason()));
        } else if (command instanceof RecordBreach c) {
            ClauseView clause = state.clause(c.clauseId()).orElseThrow();
            SlaRules.Judgement judged =
                    SlaRules.judge(state, clause, c.occurredAt()).orElseThrow();
            return List.of(new BreachRecorded(
                    c.contractId(),
                    c.breachId(),
                    c.clauseId(),
                    c.occurredAt(),
                    c.measured(),
                    c.description(),
                    judged.treatment(),
                    judged.credit()));
        } else if (command instanceof WaiveCredit c) {
            BreachView breach = state.breach(c.breachId().value()).orElseThrow();
            return List.of(new CreditWaived(c.contractId(), c.breachId(), breach.credited(), c.reason()));
        } else if (command instanceof DisputeBreach c) {
            return List.of(new BreachDisputed(c.contractId(), c.breachId(), c.reason()));
        } else if (command instanceof SettleDispute c) {
            BreachView breach = state.breach(c.breachId().value()).orElseThrow();
            if (breach.settlementProposedBy() != by.other() || breach.proposedSettlement() != c.outcome()) {
                return List.of(new DisputeSettlementProposed(c.contractId(), c.breachId(), c.outcome(), c.note(), by));
            }
            return List.of(new DisputeSettled(
                    c.contractId(),
                    c.breachId(),
                    c.outcome(),
                    c.note(),
                    breach.settlementProposedBy(),
                    by,
                    c.outcome() == SettlementOutcome.WITHDRAWN ? breach.credited() : null));
        } else if (command instanceof RecordSatisfaction c) {
            return List.of(
                    new SatisfactionRecorded(c.contractId(), c.period(), c.score(), c.wouldRecommend(), c.comment()));
        } else if (command instanceof TerminateContract c) {
            return List.of(new ContractTerminated(c.contractId(), c.effectiveDate(), c.reason(), by));
        }
        throw new IllegalArgumentException(
                "no scenario facts for " + command.getClass().getSimpleName());
    }
}
