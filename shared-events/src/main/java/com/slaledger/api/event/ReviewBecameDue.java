package com.slaledger.api.event;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/** An open clause's review-by date passed without it being filled in. */
@Revision("1")
public record ReviewBecameDue(ContractId contractId, ClauseId clauseId, LocalDate reviewBy) implements ContractEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
