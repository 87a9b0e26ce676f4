package com.slaledger.api.event;

import com.slaledger.api.BreachId;
import com.slaledger.api.BreachTreatment;
import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Measurement;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A breach of a clause. {@code occurredAt} is when it happened; the event's own time is when it
 * was recorded. {@code credit} explains the service credit when the treatment is CREDITED.
 */
@Revision("1")
public record BreachRecorded(
        ContractId contractId,
        BreachId breachId,
        ClauseId clauseId,
        Instant occurredAt,
        Measurement measured,
        String description,
        BreachTreatment treatment,
        CreditExplanation credit)
        implements ContractEvent, AboutBreach {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
