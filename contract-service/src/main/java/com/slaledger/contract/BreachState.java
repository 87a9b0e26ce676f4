package com.slaledger.contract;

import com.slaledger.api.BreachId;
import com.slaledger.api.Money;
import com.slaledger.api.Party;
import com.slaledger.api.SettlementOutcome;
import java.time.YearMonth;

/** What the aggregate needs to know of one recorded breach. */
record BreachState(
        BreachId breachId,
        YearMonth month,
        Money credit,
        boolean waived,
        Dispute dispute,
        SettlementOutcome proposedOutcome,
        Party settlementProposedBy) {

    enum Dispute {
        NONE,
        OPEN,
        UPHELD,
        WITHDRAWN
    }

    static BreachState recorded(BreachId id, YearMonth month, Money credit) {
        return new BreachState(id, month, credit, false, Dispute.NONE, null, null);
    }

    boolean hasCredit() {
        return credit != null && credit.isPositive();
    }

    /** A withdrawn breach no longer counts towards the month's cap; a waived one still does. */
    Money countsTowardsCap() {
        return dispute == Dispute.WITHDRAWN ? null : credit;
    }

    BreachState waive() {
        return new BreachState(breachId, month, credit, true, dispute, proposedOutcome, settlementProposedBy);
    }

    BreachState disputed() {
        return new BreachState(breachId, month, credit, waived, Dispute.OPEN, null, null);
    }

    BreachState settlementProposed(SettlementOutcome outcome, Party by) {
        return new BreachState(breachId, month, credit, waived, dispute, outcome, by);
    }

    BreachState settled(SettlementOutcome outcome) {
        Dispute end = outcome == SettlementOutcome.WITHDRAWN ? Dispute.WITHDRAWN : Dispute.UPHELD;
        return new BreachState(breachId, month, credit, waived, end, null, null);
    }
}
