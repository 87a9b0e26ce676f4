package com.slaledger.api.command;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.FieldProblems;
import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Leaves a clause open on purpose, with its broad intent and the date by which both parties mean
 * to fill it in. On an active contract this proposes a new open clause, or reopens an agreed one.
 */
public record LeaveClauseOpen(
        @TargetAggregateIdentifier ContractId contractId,
        ClauseId clauseId,
        String heading,
        String intent,
        LocalDate reviewBy,
        String category)
        implements ContractCommand {

    @Override
    public FieldProblems validate() {
        return FieldProblems.check()
                .required("contractId", contractId)
                .required("clauseId", clauseId)
                .line("heading", heading, HEADING)
                .text("intent", intent, TEXT)
                .date("reviewBy", reviewBy, true)
                .optionalLine("category", category, 64);
    }
}
