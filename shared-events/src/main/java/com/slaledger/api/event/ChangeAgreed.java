package com.slaledger.api.event;

import com.slaledger.api.ChangeKind;
import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.ContractVersion;
import com.slaledger.api.Party;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * The other party agreed: the clause's pending proposal took effect and the contract reached
 * {@code contractVersion}. {@code reviewBy} is set when the clause is open after the change.
 */
@Revision("1")
public record ChangeAgreed(
        ContractId contractId,
        ClauseId clauseId,
        ChangeKind kind,
        Party proposedBy,
        Party agreedBy,
        ContractVersion contractVersion,
        LocalDate reviewBy,
        String reason)
        implements ContractEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
