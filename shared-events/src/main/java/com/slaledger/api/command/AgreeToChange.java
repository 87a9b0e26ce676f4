package com.slaledger.api.command;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.FieldProblems;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The other party agrees to the clause's pending proposal, which then takes effect. */
public record AgreeToChange(@TargetAggregateIdentifier ContractId contractId, ClauseId clauseId, String reason)
        implements ContractCommand {

    @Override
    public FieldProblems validate() {
        return FieldProblems.check()
                .required("contractId", contractId)
                .required("clauseId", clauseId)
                .optionalText("reason", reason, REASON);
    }
}
