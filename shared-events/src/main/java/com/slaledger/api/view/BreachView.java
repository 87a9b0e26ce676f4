package com.slaledger.api.view;

import com.slaledger.api.BreachTreatment;
import com.slaledger.api.Measurement;
import com.slaledger.api.Money;
import com.slaledger.api.Party;
import com.slaledger.api.SettlementOutcome;
import com.slaledger.api.event.CreditExplanation;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Instant;

/**
 * A recorded breach with its credit explanation and what became of it. {@code sequence} is that of
 * the event that recorded it: breaches are listed, and paged, in that order.
 */
@RecordBuilder
public record BreachView(
        String breachId,
        long sequence,
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
        Party settlementProposedBy)
        implements BreachViewBuilder.With {

    public enum Dispute {
        NONE,
        OPEN,
        UPHELD,
        WITHDRAWN;

        static Dispute settledAs(SettlementOutcome outcome) {
            return outcome == SettlementOutcome.WITHDRAWN ? WITHDRAWN : UPHELD;
        }
    }

    /**
     * The breach as the aggregate's decisions need it: its id, sequence, clause, treatment, credit
     * and what became of it (waived, disputed, a proposed settlement), without the measurement,
     * description, instants and reasons, which only the read models show.
     */
    public BreachView forDecisions() {
        return measured == null
                        && description == null
                        && occurredAt == null
                        && recordedAt == null
                        && waiverReason == null
                        && disputeReason == null
                ? this
                : new BreachView(
                        breachId,
                        sequence,
                        clauseId,
                        null,
                        null,
                        null,
                        null,
                        treatment,
                        credit,
                        waived,
                        null,
                        dispute,
                        null,
                        proposedSettlement,
                        settlementProposedBy);
    }

    /** The credit this breach earned, or null. */
    public Money credited() {
        return credit == null ? null : credit.credited();
    }

    /**
     * Settled as withdrawn by both parties: it stays in the record and counts against nobody, in
     * the cap, the what-if, the evidence, pinch's breaches per month and the scorecard alike.
     */
    public boolean isWithdrawn() {
        return dispute == Dispute.WITHDRAWN;
    }

    /** What counts towards its month's cap: a credit, waived or not, unless the breach was withdrawn. */
    public boolean countsTowardsCap() {
        return credit != null && !isWithdrawn();
    }

    public boolean hasCredit() {
        return credit != null && credit.credited().isPositive();
    }
}
