package com.slaledger.api.event;

import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ContractSigned(ContractId contractId, Party party) implements ContractEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
