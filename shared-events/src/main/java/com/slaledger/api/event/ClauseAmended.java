package com.slaledger.api.event;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.command.AmendClause;
import java.math.BigDecimal;
import org.axonframework.serialization.Revision;

/** A clause was rewritten while the contract was a draft. */
@Revision("1")
public record ClauseAmended(
        ContractId contractId,
        ClauseId clauseId,
        String text,
        ServiceLevel serviceLevel,
        BigDecimal creditPercent,
        String reason)
        implements ContractEvent {

    public static ClauseAmended of(AmendClause command) {
        return new ClauseAmended(
                command.contractId(),
                command.clauseId(),
                command.text(),
                command.serviceLevel(),
                command.creditPercent(),
                command.reason());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
