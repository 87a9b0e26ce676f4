package com.slaledger.api.command;

import com.slaledger.api.ContractId;
import com.slaledger.api.FieldProblems;
import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record TerminateContract(
        @TargetAggregateIdentifier ContractId contractId, LocalDate effectiveDate, String reason)
        implements ContractCommand {

    @Override
    public FieldProblems validate() {
        return FieldProblems.check()
                .required("contractId", contractId)
                .date("effectiveDate", effectiveDate, true)
                .text("reason", reason, REASON);
    }
}
