package com.slaledger.api.command;

import com.slaledger.api.ContractId;
import com.slaledger.api.Decimals;
import com.slaledger.api.FieldProblems;
import com.slaledger.api.Money;
import com.slaledger.api.Ownership;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
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
        // Null entries are kept so that validate() can name them; List.copyOf would throw instead.
        scope = scope == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(scope));
        atRiskPercent = Decimals.plain(atRiskPercent);
    }

    @Override
    public FieldProblems validate() {
        FieldProblems problems = FieldProblems.check()
                .required("contractId", contractId)
                .id("clientId", clientId)
                .line("clientName", clientName, HEADING)
                .id("supplierId", supplierId)
                .line("supplierName", supplierName, HEADING)
                .that(
                        clientId == null || !clientId.equals(supplierId),
                        "supplierId must differ from clientId: a contract is between a client and another party")
                .line("title", title, HEADING)
                .that(scope.size() <= 100, "scope has more than 100 entries")
                .required("ownership", ownership)
                .money("monthlyFee", monthlyFee, true)
                .percent("atRiskPercent", atRiskPercent, true)
                .date("startDate", startDate, true)
                .date("endDate", endDate, false);
        for (int i = 0; i < Math.min(scope.size(), 100); i++) {
            problems.line("scope[" + i + "]", scope.get(i), HEADING);
            int first = firstLike(i);
            problems.that(
                    first == i, "scope[" + i + "] repeats scope[" + first + "]: each part of the scope is listed once");
        }
        return problems;
    }

    /**
     * The first entry of the scope that reads as entry {@code i}: the same text, whatever its case
     * and surrounding spaces ("Servers " is "servers" to whoever reads the contract).
     */
    private int firstLike(int i) {
        String entry = scope.get(i);
        for (int j = 0; j < i && entry != null; j++) {
            String earlier = scope.get(j);
            if (earlier != null && earlier.strip().equalsIgnoreCase(entry.strip())) {
                return j;
            }
        }
        return i;
    }
}
