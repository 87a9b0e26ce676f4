package com.slaledger.api.event;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.ServiceLevel;
import java.math.BigDecimal;
import org.axonframework.serialization.Revision;

/** A fully written clause was added while the contract was a draft. */
@Revision("1")
public record ClauseDrafted(
        ContractId contractId,
        ClauseId clauseId,
        String heading,
        String text,
        String category,
        ServiceLevel serviceLevel,
        BigDecimal creditPercent)
        implements ContractEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
