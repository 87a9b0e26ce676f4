package com.slaledger.api.event;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.command.FillInClause;
import java.math.BigDecimal;
import org.axonframework.serialization.Revision;

/** An open clause was filled in while the contract was a draft. */
@Revision("1")
public record ClauseFilledIn(
        ContractId contractId, ClauseId clauseId, String text, ServiceLevel serviceLevel, BigDecimal creditPercent)
        implements ContractEvent {

    public static ClauseFilledIn of(FillInClause command) {
        return new ClauseFilledIn(
                command.contractId(),
                command.clauseId(),
                command.text(),
                command.serviceLevel(),
                command.creditPercent());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
