package com.slaledger.api.event;

import com.slaledger.api.ChangeKind;
import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import com.slaledger.api.ServiceLevel;
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
        implements ContractEvent {}
