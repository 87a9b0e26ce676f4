package com.slaledger.api.command;

import com.slaledger.api.ContractId;
import com.slaledger.api.FieldProblems;
import java.time.YearMonth;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The client's verdict on one month of service: the raw material of the reference check. */
public record RecordSatisfaction(
        @TargetAggregateIdentifier ContractId contractId,
        YearMonth period,
        Integer score,
        Boolean wouldRecommend,
        String comment)
        implements ContractCommand {

    @Override
    public FieldProblems validate() {
        return FieldProblems.check()
                .required("contractId", contractId)
                .required("period", period)
                .date("period", period == null ? null : period.atDay(1), false)
                .required("score", score)
                .that(score == null || (score >= 1 && score <= 10), "score must be between 1 and 10")
                .required("wouldRecommend", wouldRecommend)
                .optionalText("comment", comment, REASON);
    }
}
