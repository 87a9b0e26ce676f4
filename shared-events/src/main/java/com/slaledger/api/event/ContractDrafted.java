package com.slaledger.api.event;

import com.slaledger.api.ContractId;
import com.slaledger.api.Money;
import com.slaledger.api.Ownership;
import com.slaledger.api.PartyRef;
import com.slaledger.api.command.DraftContract;
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

    /** The draft a command describes; its rules are the aggregate's. */
    public static ContractDrafted of(DraftContract command) {
        return new ContractDrafted(
                command.contractId(),
                new PartyRef(command.clientId(), command.clientName()),
                new PartyRef(command.supplierId(), command.supplierName()),
                command.title(),
                command.scope(),
                command.ownership(),
                command.monthlyFee(),
                command.atRiskPercent(),
                command.startDate(),
                command.endDate());
    }

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
