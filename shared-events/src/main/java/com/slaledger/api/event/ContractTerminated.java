package com.slaledger.api.event;

import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ContractTerminated(ContractId contractId, LocalDate effectiveDate, String reason, Party terminatedBy)
        implements ContractEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
