package com.slaledger.api.command;

import com.slaledger.api.BreachId;
import com.slaledger.api.ContractId;
import com.slaledger.api.FieldProblems;
import com.slaledger.api.SettlementOutcome;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Settles a dispute by agreement: the first party's command proposes the outcome, the other
 * party's command with the same outcome agrees to it.
 */
public record SettleDispute(
        @TargetAggregateIdentifier ContractId contractId, BreachId breachId, SettlementOutcome outcome, String note)
        implements ContractCommand {

    @Override
    public FieldProblems validate() {
        return FieldProblems.check()
                .required("contractId", contractId)
                .required("breachId", breachId)
                .required("outcome", outcome)
                .optionalText("note", note, REASON);
    }
}
