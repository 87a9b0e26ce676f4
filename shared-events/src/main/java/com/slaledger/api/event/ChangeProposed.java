package com.slaledger.api.event;

import com.slaledger.api.ChangeKind;
import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.command.AmendClause;
import com.slaledger.api.command.DraftClause;
import com.slaledger.api.command.FillInClause;
import com.slaledger.api.command.LeaveClauseOpen;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * One party proposed a change to a clause of an active contract. Fields that the kind of change
 * does not use are null: a fill-in has text but no intent, a reopen has an intent but no text.
 */
@Revision("1")
public record ChangeProposed(
        ContractId contractId,
        ClauseId clauseId,
        ChangeKind kind,
        Party proposedBy,
        String heading,
        String text,
        String intent,
        LocalDate reviewBy,
        String category,
        ServiceLevel serviceLevel,
        BigDecimal creditPercent,
        String reason)
        implements ContractEvent {

    public static ChangeProposed addClause(DraftClause command, Party by) {
        return new ChangeProposed(
                command.contractId(),
                command.clauseId(),
                ChangeKind.ADD_CLAUSE,
                by,
                command.heading(),
                command.text(),
                null,
                null,
                command.category(),
                command.serviceLevel(),
                command.creditPercent(),
                null);
    }

    /** A new open clause, or, for a clause the contract has, reopening it. */
    public static ChangeProposed leaveOpen(LeaveClauseOpen command, Party by, boolean reopen) {
        return new ChangeProposed(
                command.contractId(),
                command.clauseId(),
                reopen ? ChangeKind.REOPEN : ChangeKind.ADD_OPEN_CLAUSE,
                by,
                command.heading(),
                null,
                command.intent(),
                command.reviewBy(),
                command.category(),
                null,
                null,
                null);
    }

    public static ChangeProposed fillIn(FillInClause command, Party by) {
        return new ChangeProposed(
                command.contractId(),
                command.clauseId(),
                ChangeKind.FILL_IN,
                by,
                null,
                command.text(),
                null,
                null,
                null,
                command.serviceLevel(),
                command.creditPercent(),
                null);
    }

    public static ChangeProposed amend(AmendClause command, Party by) {
        return new ChangeProposed(
                command.contractId(),
                command.clauseId(),
                ChangeKind.AMEND,
                by,
                null,
                command.text(),
                null,
                null,
                null,
                command.serviceLevel(),
                command.creditPercent(),
                command.reason());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
