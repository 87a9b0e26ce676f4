package com.slaledger.api.command;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Decimals;
import com.slaledger.api.FieldProblems;
import com.slaledger.api.ServiceLevel;
import java.math.BigDecimal;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds a fully written clause; on an active contract this is a proposal. */
public record DraftClause(
        @TargetAggregateIdentifier ContractId contractId,
        ClauseId clauseId,
        String heading,
        String text,
        String category,
        ServiceLevel serviceLevel,
        BigDecimal creditPercent)
        implements ContractCommand {

    public DraftClause {
        creditPercent = Decimals.plain(creditPercent);
    }

    @Override
    public FieldProblems validate() {
        return FieldProblems.check()
                .required("contractId", contractId)
                .required("clauseId", clauseId)
                .line("heading", heading, HEADING)
                .text("text", text, TEXT)
                .optionalLine("category", category, 64)
                .serviceLevel("serviceLevel", serviceLevel)
                .percent("creditPercent", creditPercent, false);
    }
}
