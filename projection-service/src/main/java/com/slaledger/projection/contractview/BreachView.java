package com.slaledger.projection.contractview;

import com.slaledger.api.BreachTreatment;
import com.slaledger.api.Measurement;
import com.slaledger.api.Party;
import com.slaledger.api.SettlementOutcome;
import com.slaledger.api.event.CreditExplanation;
import java.time.Instant;

/** A recorded breach with its credit explanation and what became of it. */
public record BreachView(
        String breachId,
        String clauseId,
        Instant occurredAt,
        Instant recordedAt,
        Measurement measured,
        String description,
        BreachTreatment treatment,
        CreditExplanation credit,
        boolean waived,
        String waiverReason,
        Dispute dispute,
        String disputeReason,
        SettlementOutcome proposedSettlement,
        Party settlementProposedBy) {

    public enum Dispute {
        NONE,
        OPEN,
        UPHELD,
        WITHDRAWN
    }
}
