package com.slaledger.api.command;

import com.slaledger.api.BreachId;
import com.slaledger.api.ContractId;
import com.slaledger.api.FieldProblems;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The supplier contests a recorded breach. */
public record DisputeBreach(@TargetAggregateIdentifier ContractId contractId, BreachId breachId, String reason)
        implements ContractCommand {

    @Override
    public FieldProblems validate() {
        return FieldProblems.check()
                .required("contractId", contractId)
                .required("breachId", breachId)
                .text("reason", reason, REASON);
    }
}
