package com.slaledger.api.command;

import com.slaledger.api.ContractId;
import com.slaledger.api.FieldProblems;
import com.slaledger.api.Money;
import com.slaledger.api.Ownership;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DraftContract(
        @TargetAggregateIdentifier ContractId contractId,
        String clientId,
        String clientName,
        String supplierId,
        String supplierName,
        String title,
        List<String> scope,
        Ownership ownership,
        Money monthlyFee,
        BigDecimal atRiskPercent,
        LocalDate startDate,
        LocalDate endDate)
        implements ContractCommand {

    public DraftContract {
        scope = scope == null ? List.of() : List.copyOf(scope);
    }

    @Override
    public FieldProblems validate() {
        return FieldProblems.check()
                .required("contractId", contractId)
                .text("clientId", clientId, 64)
                .text("clientName", clientName, HEADING)
                .text("supplierId", supplierId, 64)
                .text("supplierName", supplierName, HEADING)
                .text("title", title, HEADING)
                .that(scope.size() <= 100, "scope has more than 100 entries")
                .that(
                        scope.stream().allMatch(s -> s != null && !s.isBlank() && s.length() <= HEADING),
                        "scope entries must be non-blank and at most " + HEADING + " characters")
                .required("ownership", ownership)
                .required("monthlyFee", monthlyFee)
                .percent("atRiskPercent", atRiskPercent, true)
                .required("startDate", startDate);
    }
}
