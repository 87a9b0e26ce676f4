package com.slaledger.projection.history;

import com.slaledger.api.BreachTreatment;
import com.slaledger.api.ChangeKind;
import com.slaledger.api.event.*;

/** One line in plain words per event, for the audit timeline. */
final class Summaries implements ContractEvent.Visitor<String> {

    private static final Summaries INSTANCE = new Summaries();

    private Summaries() {}

    /** The line for one event. */
    static String of(ContractEvent event) {
        return event.accept(INSTANCE);
    }

    @Override
    public String visit(ContractDrafted e) {
        return "Drafted between " + e.client().name() + " (client) and "
                + e.supplier().name() + " (supplier): " + e.title() + ", " + e.monthlyFee() + " a month, "
                + e.atRiskPercent().toPlainString() + " % at risk";
    }

    @Override
    public String visit(ClauseDrafted e) {
        return "Clause '" + e.clauseId() + "' drafted: " + e.heading();
    }

    @Override
    public String visit(ClauseLeftOpen e) {
        return "Clause '" + e.clauseId() + "' left open, to be filled in by " + e.reviewBy();
    }

    @Override
    public String visit(ClauseFilledIn e) {
        return "Clause '" + e.clauseId() + "' filled in";
    }

    @Override
    public String visit(ClauseAmended e) {
        return "Clause '" + e.clauseId() + "' amended: " + e.reason();
    }

    @Override
    public String visit(ContractSigned e) {
        return "Signed by the " + e.party();
    }

    @Override
    public String visit(ContractActivated e) {
        return "Both parties signed: version " + e.version() + " in force";
    }

    @Override
    public String visit(ChangeProposed e) {
        return "The " + e.proposedBy() + " proposes to " + verb(e.kind()) + " clause '" + e.clauseId() + "'";
    }

    @Override
    public String visit(ChangeAgreed e) {
        return "The " + e.agreedBy() + " agreed to the " + e.proposedBy() + "'s proposal to " + verb(e.kind())
                + " clause '" + e.clauseId() + "': version " + e.contractVersion();
    }

    @Override
    public String visit(ChangeRejected e) {
        boolean withdrawn = e.rejectedBy() == e.proposedBy();
        return (withdrawn
                        ? "The " + e.proposedBy() + " withdrew its proposal to "
                        : "The " + e.rejectedBy() + " rejected the " + e.proposedBy() + "'s proposal to ")
                + verb(e.kind()) + " clause '" + e.clauseId() + "'";
    }

    @Override
    public String visit(ReviewBecameDue e) {
        return "Open clause '" + e.clauseId() + "' was due to be filled in by " + e.reviewBy();
    }

    @Override
    public String visit(BreachRecorded e) {
        String what = "Breach " + e.breachId() + " of clause '" + e.clauseId() + "' at " + e.occurredAt();
        if (e.treatment() == BreachTreatment.EXPERIENCE) {
            return what + ": recorded as experience (the clause is open)";
        }
        if (e.credit() == null) {
            return what + ": no credit (the clause has no credit percentage)";
        }
        return what + ": credit " + e.credit().credited()
                + (e.credit().capApplied() ? " (capped from " + e.credit().amountBeforeCap() + ")" : "");
    }

    @Override
    public String visit(CreditWaived e) {
        return "The client waived the credit of breach " + e.breachId() + " (" + e.amount() + ")";
    }

    @Override
    public String visit(BreachDisputed e) {
        return "The supplier disputes breach " + e.breachId() + ": " + e.reason();
    }

    @Override
    public String visit(DisputeSettlementProposed e) {
        return "The " + e.proposedBy() + " proposes to settle the dispute over breach " + e.breachId() + " as "
                + e.outcome();
    }

    @Override
    public String visit(DisputeSettled e) {
        return "Dispute over breach " + e.breachId() + " settled as " + e.outcome()
                + (e.creditReleased() != null ? ", " + e.creditReleased() + " released" : "");
    }

    @Override
    public String visit(SatisfactionRecorded e) {
        return "Satisfaction for " + e.period() + ": " + e.score() + "/10, "
                + (e.wouldRecommend() ? "would recommend" : "would not recommend");
    }

    @Override
    public String visit(ContractTerminated e) {
        return "Terminated by the " + e.terminatedBy() + " as of " + e.effectiveDate() + ": " + e.reason();
    }

    private static String verb(ChangeKind kind) {
        return switch (kind) {
            case ADD_CLAUSE -> "add";
            case ADD_OPEN_CLAUSE -> "add, open,";
            case REOPEN -> "reopen";
            case FILL_IN -> "fill in";
            case AMEND -> "amend";
        };
    }
}
