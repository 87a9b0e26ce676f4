package com.slaledger.api.command;

import com.slaledger.api.BreachId;
import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.FieldProblems;
import com.slaledger.api.Measurement;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordBreach(
        @TargetAggregateIdentifier ContractId contractId,
        BreachId breachId,
        ClauseId clauseId,
        Instant occurredAt,
        Measurement measured,
        String description)
        implements ContractCommand {

    @Override
    public FieldProblems validate() {
        FieldProblems problems = FieldProblems.check()
                .required("contractId", contractId)
                .required("breachId", breachId)
                .required("clauseId", clauseId)
                .instant("occurredAt", occurredAt, true)
                .text("description", description, TEXT);
        if (measured != null) {
            problems.required("measured.value", measured.value())
                    .required("measured.unit", measured.unit())
                    .measure("measured.value", measured.value(), measured.unit());
        }
        return problems;
    }
}
