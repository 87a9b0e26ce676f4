package com.slaledger.projection.history;

import com.slaledger.api.BreachTreatment;
import com.slaledger.api.ChangeKind;
import com.slaledger.api.event.*;

/** One line in plain words per event, for the audit timeline. */
final class Summaries {

    private Summaries() {}

    static String of(ContractEvent event) {
        if (event instanceof ContractDrafted e) {
            return "Drafted between " + e.client().name() + " (client) and "
                    + e.supplier().name() + " (supplier): " + e.title() + ", " + e.monthlyFee() + " a month, "
                    + e.atRiskPercent().toPlainString() + " % at risk";
        } else if (event instanceof ClauseDrafted e) {
            return "Clause '" + e.clauseId() + "' drafted: " + e.heading();
        } else if (event instanceof ClauseLeftOpen e) {
            return "Clause '" + e.clauseId() + "' left open, to be filled in by " + e.reviewBy();
        } else if (event instanceof ClauseFilledIn e) {
            return "Clause '" + e.clauseId() + "' filled in";
        } else if (event instanceof ClauseAmended e) {
            return "Clause '" + e.clauseId() + "' amended: " + e.reason();
        } else if (event instanceof ContractSigned e) {
            return "Signed by the " + e.party();
        } else if (event instanceof ContractActivated e) {
            return "Both parties signed: version " + e.version() + " in force";
        } else if (event instanceof ChangeProposed e) {
            return "The " + e.proposedBy() + " proposes to " + verb(e.kind()) + " clause '" + e.clauseId() + "'";
        } else if (event instanceof ChangeAgreed e) {
            return "The " + e.agreedBy() + " agreed to the " + e.proposedBy() + "'s proposal to " + verb(e.kind())
                    + " clause '" + e.clauseId() + "': version " + e.contractVersion();
        } else if (event instanceof ChangeRejected e) {
            boolean withdrawn = e.rejectedBy() == e.proposedBy();
            return (withdrawn
                            ? "The " + e.proposedBy() + " withdrew its proposal to "
                            : "The " + e.rejectedBy() + " rejected the " + e.proposedBy() + "'s proposal to ")
                    + verb(e.kind()) + " clause '" + e.clauseId() + "'";
        } else if (event instanceof ReviewBecameDue e) {
            return "Open clause '" + e.clauseId() + "' was due to be filled in by " + e.reviewBy();
        } else if (event instanceof BreachRecorded e) {
            String what = "Breach " + e.breachId() + " of clause '" + e.clauseId() + "' at " + e.occurredAt();
            if (e.treatment() == BreachTreatment.EXPERIENCE) {
                return what + ": recorded as experience (the clause is open)";
            }
            if (e.credit() == null) {
                return what + ": no credit (the clause has no credit percentage)";
            }
            return what + ": credit " + e.credit().credited()
                    + (e.credit().capApplied() ? " (capped from " + e.credit().amountBeforeCap() + ")" : "");
        } else if (event instanceof CreditWaived e) {
            return "The client waived the credit of breach " + e.breachId() + " (" + e.amount() + ")";
        } else if (event instanceof BreachDisputed e) {
            return "The supplier disputes breach " + e.breachId() + ": " + e.reason();
        } else if (event instanceof DisputeSettlementProposed e) {
            return "The " + e.proposedBy() + " proposes to settle the dispute over breach " + e.breachId() + " as "
                    + e.outcome();
        } else if (event instanceof DisputeSettled e) {
            return "Dispute over breach " + e.breachId() + " settled as " + e.outcome()
                    + (e.creditReleased() != null ? ", " + e.creditReleased() + " released" : "");
        } else if (event instanceof SatisfactionRecorded e) {
            return "Satisfaction for " + e.period() + ": " + e.score() + "/10, "
                    + (e.wouldRecommend() ? "would recommend" : "would not recommend");
        } else if (event instanceof ContractTerminated e) {
            return "Terminated by the " + e.terminatedBy() + " as of " + e.effectiveDate() + ": " + e.reason();
        }
        return event.type();
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
