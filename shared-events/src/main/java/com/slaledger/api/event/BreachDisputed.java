package com.slaledger.api.event;

import com.slaledger.api.BreachId;
import com.slaledger.api.ContractId;
import org.axonframework.serialization.Revision;

@Revision("1")
public record BreachDisputed(ContractId contractId, BreachId breachId, String reason)
        implements ContractEvent, AboutBreach {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
