package com.slaledger.api.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.slaledger.api.ClauseId;
import com.slaledger.api.Money;
import com.slaledger.api.Ownership;
import com.slaledger.api.Party;
import com.slaledger.api.event.ContractDrafted;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A contract as its events tell it, at one point in its history: what {@link ContractFold} gives.
 * The aggregate decides on it, and the read models, version snapshots, time travel and rebuilds
 * show it. {@code lastSequence} is the last event folded in; {@code asOf} its recording time.
 *
 * <p>{@code breaches} is every breach in the aggregate's view; a read model keeps breaches in rows
 * of their own and its views hold none (ADR 0015), so the list is left out of the JSON when empty.
 * {@code breachCount} counts them either way; it is never less than the breaches held.
 * {@code withdrawnCount} is how many of them both parties settled as withdrawn: they stay in the
 * record, and count against nobody.
 */
@RecordBuilder
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
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<BreachView> breaches,
        long breachCount,
        Long withdrawnCount,
        List<CreditMonth> credits,
        List<SatisfactionView> satisfaction,
        long lastSequence,
        Instant asOf)
        implements ContractViewBuilder.With {

    /** The key {@link ContractFold} indexes a contract's breaches by. */
    static final Function<BreachView, String> BREACH_ID = BreachView::breachId;

    public ContractView {
        breaches = breaches == null ? List.of() : breaches;
        breachCount = Math.max(breachCount, breaches.size());
        withdrawnCount = withdrawnCount == null ? 0L : withdrawnCount; // absent from views stored before
    }

    public enum ContractStatus {
        DRAFT,
        ACTIVE,
        TERMINATED
    }

    public record Termination(LocalDate effectiveDate, String reason, Party terminatedBy, Instant at) {}

    /** A contract just drafted: its terms, no clauses yet. */
    static ContractView drafted(ContractDrafted d, Instant at) {
        return new ContractView(
                d.contractId().value(),
                ContractStatus.DRAFT,
                null,
                d.client().id(),
                d.client().name(),
                d.supplier().id(),
                d.supplier().name(),
                d.title(),
                d.scope(),
                d.ownership(),
                d.monthlyFee(),
                d.atRiskPercent(),
                d.atRiskAmount(),
                d.startDate(),
                d.endDate(),
                List.of(),
                at,
                null,
                null,
                List.of(),
                List.of(),
                0,
                0L,
                List.of(),
                List.of(),
                0,
                at);
    }

    /** Any clause with this id, a proposed new one included. */
    public Optional<ClauseView> clause(String clauseId) {
        return clauses.stream().filter(c -> c.clauseId().equals(clauseId)).findFirst();
    }

    /** A clause that is part of the contract: open or agreed, not merely proposed. */
    public Optional<ClauseView> clause(ClauseId clauseId) {
        return clause(clauseId.value()).filter(c -> c.state() != ClauseView.ClauseState.PROPOSED);
    }

    /** The clause's one pending proposal, if any. */
    public Optional<ClauseView.Proposal> pendingProposal(ClauseId clauseId) {
        return clause(clauseId.value()).map(ClauseView::pending);
    }

    public long openClauseCount() {
        return clauses.stream().filter(ClauseView::isOpen).count();
    }

    /** The breach with this id, found without a scan when the fold built the list (it keeps an index). */
    public Optional<BreachView> breach(String breachId) {
        return GrowingList.find(breaches, breachId, BREACH_ID);
    }

    public Optional<CreditMonth> creditsOf(YearMonth month) {
        return credits.stream().filter(c -> c.month().equals(month)).findFirst();
    }

    /** What counts towards one UTC month's cap so far: waived credits included, withdrawn ones not. */
    public Money creditedIn(YearMonth month) {
        return creditsOf(month).map(CreditMonth::credited).orElse(Money.zero(monthlyFee.currency()));
    }

    public boolean hasSigned(Party party) {
        return signedBy.contains(party);
    }

    public boolean hasRated(YearMonth period) {
        return satisfaction.stream().anyMatch(s -> s.period().equals(period));
    }

    /** The id of the client or the supplier. */
    public String partyId(Party party) {
        return party == Party.CLIENT ? clientId : supplierId;
    }

    /**
     * The view as a read model stores and shows it, current or per version: its clauses and totals,
     * {@code breachCount} included, without the breaches, which are kept and paged apart (ADR 0015).
     */
    public ContractView withoutBreaches() {
        return breaches.isEmpty() ? this : withBreaches(List.of());
    }

    /** The same view with every open clause's overdue flag set for {@code today} ({@link #isOverdue}). */
    public ContractView withOverdueFlags(LocalDate today) {
        return withClauses(clauses.stream()
                .map(c -> c.withOverdueFlag(isOverdue(c, today)))
                .toList());
    }

    /**
     * The clauses the parties can still fill in: the open ones, none once the contract is
     * terminated, since it accepts nothing more (its clauses stay open in the record). The open
     * passages' list and the scorecard hold these.
     */
    public List<ClauseView> clausesToFillIn() {
        return status == ContractStatus.TERMINATED
                ? List.of()
                : clauses.stream().filter(ClauseView::isOpen).toList();
    }

    /** A clause's review is overdue on {@code today}: one to fill in, its review-by date passed. */
    public boolean isOverdue(ClauseView clause, LocalDate today) {
        return status != ContractStatus.TERMINATED && clause.pastReviewBy(today);
    }
}
