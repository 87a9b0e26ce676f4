package com.slaledger.api.event;

import com.slaledger.api.BreachId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import com.slaledger.api.SettlementOutcome;
import org.axonframework.serialization.Revision;

@Revision("1")
public record DisputeSettlementProposed(
        ContractId contractId, BreachId breachId, SettlementOutcome outcome, String note, Party proposedBy)
        implements ContractEvent, AboutBreach {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
