package com.slaledger.api.command;

import com.slaledger.api.ContractId;
import com.slaledger.api.FieldProblems;

/**
 * A command on one contract. Who sent it, when, and its idempotency key travel beside it as
 * message metadata (see {@code Issuance} in contract-service); the record holds only the business payload.
 */
public sealed interface ContractCommand
        permits DraftContract,
                DraftClause,
                LeaveClauseOpen,
                SignContract,
                FillInClause,
                AmendClause,
                AgreeToChange,
                RejectChange,
                RecordBreach,
                WaiveCredit,
                DisputeBreach,
                SettleDispute,
                RecordSatisfaction,
                TerminateContract,
                MarkReviewDue {

    int HEADING = 200;
    int TEXT = 20_000;
    int REASON = 2_000;

    ContractId contractId();

    /** The field-level checks of this command; empty when every field is present and in range. */
    FieldProblems validate();
}
