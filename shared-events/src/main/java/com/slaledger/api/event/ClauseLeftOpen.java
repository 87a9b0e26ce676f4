package com.slaledger.api.event;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.command.LeaveClauseOpen;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/** A clause was left open on purpose while the contract was a draft. */
@Revision("1")
public record ClauseLeftOpen(
        ContractId contractId, ClauseId clauseId, String heading, String intent, LocalDate reviewBy, String category)
        implements ContractEvent {

    public static ClauseLeftOpen of(LeaveClauseOpen command) {
        return new ClauseLeftOpen(
                command.contractId(),
                command.clauseId(),
                command.heading(),
                command.intent(),
                command.reviewBy(),
                command.category());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
