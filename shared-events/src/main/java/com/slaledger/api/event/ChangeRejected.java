package com.slaledger.api.event;

import com.slaledger.api.ChangeKind;
import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import org.axonframework.serialization.Revision;

/** The clause's pending proposal ended without effect (rejected by the other party, or withdrawn). */
@Revision("1")
public record ChangeRejected(
        ContractId contractId, ClauseId clauseId, ChangeKind kind, Party proposedBy, Party rejectedBy, String reason)
        implements ContractEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
