package com.slaledger.api.command;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Decimals;
import com.slaledger.api.FieldProblems;
import com.slaledger.api.ServiceLevel;
import java.math.BigDecimal;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Fills in an open clause, now that both parties have experienced what they meant. */
public record FillInClause(
        @TargetAggregateIdentifier ContractId contractId,
        ClauseId clauseId,
        String text,
        ServiceLevel serviceLevel,
        BigDecimal creditPercent)
        implements ContractCommand {

    public FillInClause {
        creditPercent = Decimals.plain(creditPercent);
    }

    @Override
    public FieldProblems validate() {
        return FieldProblems.check()
                .required("contractId", contractId)
                .required("clauseId", clauseId)
                .text("text", text, TEXT)
                .serviceLevel("serviceLevel", serviceLevel)
                .percent("creditPercent", creditPercent, false);
    }
}
