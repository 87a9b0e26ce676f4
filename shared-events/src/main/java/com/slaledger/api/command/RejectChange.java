package com.slaledger.api.command;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.FieldProblems;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Ends the clause's pending proposal without effect; the proposer may also withdraw it this way. */
public record RejectChange(@TargetAggregateIdentifier ContractId contractId, ClauseId clauseId, String reason)
        implements ContractCommand {

    @Override
    public FieldProblems validate() {
        return FieldProblems.check()
                .required("contractId", contractId)
                .required("clauseId", clauseId)
                .optionalText("reason", reason, REASON);
    }
}
