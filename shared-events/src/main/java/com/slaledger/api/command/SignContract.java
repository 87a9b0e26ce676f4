package com.slaledger.api.command;

import com.slaledger.api.ContractId;
import com.slaledger.api.FieldProblems;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The issuing party signs; when both have signed the contract is active at version 1.0. */
public record SignContract(@TargetAggregateIdentifier ContractId contractId) implements ContractCommand {

    @Override
    public FieldProblems validate() {
        return FieldProblems.check().required("contractId", contractId);
    }
}
