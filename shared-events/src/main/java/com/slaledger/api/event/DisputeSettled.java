package com.slaledger.api.event;

import com.slaledger.api.BreachId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Money;
import com.slaledger.api.Party;
import com.slaledger.api.SettlementOutcome;
import org.axonframework.serialization.Revision;

/**
 * Both parties agreed how a dispute ends. When the breach is WITHDRAWN, {@code creditReleased} is
 * its credit, which no longer counts towards the month's cap.
 */
@Revision("1")
public record DisputeSettled(
        ContractId contractId,
        BreachId breachId,
        SettlementOutcome outcome,
        String note,
        Party proposedBy,
        Party agreedBy,
        Money creditReleased)
        implements ContractEvent, AboutBreach {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
