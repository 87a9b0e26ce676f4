package com.slaledger.api.event;

import com.slaledger.api.ContractId;
import java.time.YearMonth;
import org.axonframework.serialization.Revision;

@Revision("1")
public record SatisfactionRecorded(
        ContractId contractId, YearMonth period, int score, boolean wouldRecommend, String comment)
        implements ContractEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
