package com.slaledger.api.event;

import com.slaledger.api.ContractId;
import com.slaledger.api.ContractVersion;
import org.axonframework.serialization.Revision;

/** Both parties have signed: the contract is in force at version 1.0. */
@Revision("1")
public record ContractActivated(ContractId contractId, ContractVersion version) implements ContractEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
