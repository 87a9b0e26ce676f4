package com.slaledger.projection.contractview;

import com.slaledger.api.Money;
import com.slaledger.api.Ownership;
import com.slaledger.api.Party;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A contract as the events tell it, at one point in its history: the result of {@link ContractFold}.
 * {@code lastSequence} is the last event folded in; {@code asOf} its recording time.
 */
public record ContractView(
        String contractId,
        ContractStatus status,
        String version,
        String clientId,
        String clientName,
        String supplierId,
        String supplierName,
        String title,
        List<String> scope,
        Ownership ownership,
        Money monthlyFee,
        BigDecimal atRiskPercent,
        Money atRiskAmount,
        LocalDate startDate,
        LocalDate endDate,
        List<Party> signedBy,
        Instant draftedAt,
        Instant activatedAt,
        Termination termination,
        List<ClauseView> clauses,
        List<BreachView> breaches,
        List<CreditMonth> credits,
        List<SatisfactionView> satisfaction,
        long lastSequence,
        Instant asOf) {

    public enum ContractStatus {
        DRAFT,
        ACTIVE,
        TERMINATED
    }

    public record Termination(LocalDate effectiveDate, String reason, Party terminatedBy, Instant at) {}

    public Optional<ClauseView> clause(String clauseId) {
        return clauses.stream().filter(c -> c.clauseId().equals(clauseId)).findFirst();
    }

    public Optional<BreachView> breach(String breachId) {
        return breaches.stream().filter(b -> b.breachId().equals(breachId)).findFirst();
    }

    public Optional<CreditMonth> creditsOf(java.time.YearMonth month) {
        return credits.stream().filter(c -> c.month().equals(month)).findFirst();
    }

    /** The same view with every open clause's overdue flag set for {@code today}. */
    public ContractView withOverdueFlags(LocalDate today) {
        return new ContractView(
                contractId,
                status,
                version,
                clientId,
                clientName,
                supplierId,
                supplierName,
                title,
                scope,
                ownership,
                monthlyFee,
                atRiskPercent,
                atRiskAmount,
                startDate,
                endDate,
                signedBy,
                draftedAt,
                activatedAt,
                termination,
                clauses.stream().map(c -> c.withOverdue(today)).toList(),
                breaches,
                credits,
                satisfaction,
                lastSequence,
                asOf);
    }
}
