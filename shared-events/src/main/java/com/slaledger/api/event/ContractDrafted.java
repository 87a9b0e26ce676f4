package com.slaledger.api.event;

import com.slaledger.api.ContractId;
import com.slaledger.api.Money;
import com.slaledger.api.Ownership;
import com.slaledger.api.PartyRef;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ContractDrafted(
        ContractId contractId,
        PartyRef client,
        PartyRef supplier,
        String title,
        List<String> scope,
        Ownership ownership,
        Money monthlyFee,
        BigDecimal atRiskPercent,
        LocalDate startDate,
        LocalDate endDate)
        implements ContractEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }

    public ContractDrafted {
        scope = scope == null ? List.of() : List.copyOf(scope);
    }

    /** The most a month's service credits may add up to. */
    public Money atRiskAmount() {
        return monthlyFee.percent(atRiskPercent);
    }
}
