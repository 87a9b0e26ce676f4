package com.slaledger.api.command;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Decimals;
import com.slaledger.api.FieldProblems;
import com.slaledger.api.ServiceLevel;
import java.math.BigDecimal;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Rewrites an agreed clause that pinches. */
public record AmendClause(
        @TargetAggregateIdentifier ContractId contractId,
        ClauseId clauseId,
        String text,
        ServiceLevel serviceLevel,
        BigDecimal creditPercent,
        String reason)
        implements ContractCommand {

    public AmendClause {
        creditPercent = Decimals.plain(creditPercent);
    }

    @Override
    public FieldProblems validate() {
        return FieldProblems.check()
                .required("contractId", contractId)
                .required("clauseId", clauseId)
                .text("text", text, TEXT)
                .serviceLevel("serviceLevel", serviceLevel)
                .percent("creditPercent", creditPercent, false)
                .text("reason", reason, REASON);
    }
}
