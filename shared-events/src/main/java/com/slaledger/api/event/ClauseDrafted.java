package com.slaledger.api.event;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.command.DraftClause;
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

    public static ClauseDrafted of(DraftClause command) {
        return new ClauseDrafted(
                command.contractId(),
                command.clauseId(),
                command.heading(),
                command.text(),
                command.category(),
                command.serviceLevel(),
                command.creditPercent());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
