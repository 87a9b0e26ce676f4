package com.slaledger.api.command;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.FieldProblems;
import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sent by contract-service's own review scanner when an open clause's review-by date has passed.
 * Not part of the public command set: outside systems cannot send it.
 */
@IssuedByTheService
public record MarkReviewDue(@TargetAggregateIdentifier ContractId contractId, ClauseId clauseId, LocalDate reviewBy)
        implements ContractCommand {

    @Override
    public FieldProblems validate() {
        return FieldProblems.check()
                .required("contractId", contractId)
                .required("clauseId", clauseId)
                .date("reviewBy", reviewBy, true);
    }
}
