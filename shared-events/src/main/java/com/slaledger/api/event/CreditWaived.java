package com.slaledger.api.event;

import com.slaledger.api.BreachId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Money;
import org.axonframework.serialization.Revision;

/** The client forwent a breach's credit. The waived amount still counts towards the month's cap. */
@Revision("1")
public record CreditWaived(ContractId contractId, BreachId breachId, Money amount, String reason)
        implements ContractEvent, AboutBreach {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
