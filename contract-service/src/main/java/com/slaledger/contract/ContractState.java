package com.slaledger.contract;

import com.slaledger.api.BreachId;
import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractVersion;
import com.slaledger.api.Money;
import com.slaledger.api.Party;
import com.slaledger.api.event.BreachDisputed;
import com.slaledger.api.event.BreachRecorded;
import com.slaledger.api.event.ChangeAgreed;
import com.slaledger.api.event.ChangeProposed;
import com.slaledger.api.event.ChangeRejected;
import com.slaledger.api.event.ClauseAmended;
import com.slaledger.api.event.ClauseDrafted;
import com.slaledger.api.event.ClauseFilledIn;
import com.slaledger.api.event.ClauseLeftOpen;
import com.slaledger.api.event.ContractActivated;
import com.slaledger.api.event.ContractDrafted;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.ContractSigned;
import com.slaledger.api.event.ContractTerminated;
import com.slaledger.api.event.CreditWaived;
import com.slaledger.api.event.DisputeSettled;
import com.slaledger.api.event.DisputeSettlementProposed;
import com.slaledger.api.event.ReviewBecameDue;
import com.slaledger.api.event.SatisfactionRecorded;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The aggregate's decision state: an immutable value and one pure fold, {@link #evolve}. Holds only
 * what the rules need (texts and intents live in the events and the read models).
 */
record ContractState(
        ContractDrafted terms,
        ContractStatus status,
        Set<Party> signatures,
        ContractVersion version,
        Map<String, ClauseState> clauses,
        Map<String, ChangeProposed> proposals,
        Map<String, BreachState> breaches,
        Set<YearMonth> ratedPeriods) {

    static ContractState drafted(ContractDrafted terms) {
        return new ContractState(terms, ContractStatus.DRAFT, Set.of(), null, Map.of(), Map.of(), Map.of(), Set.of());
    }

    ContractState evolve(ContractEvent event) {
        if (event instanceof ContractDrafted e) {
            return drafted(e);
        } else if (event instanceof ClauseDrafted e) {
            return withClause(
                    ClauseState.agreed(e.clauseId(), e.heading(), e.category(), e.serviceLevel(), e.creditPercent()));
        } else if (event instanceof ClauseLeftOpen e) {
            return withClause(ClauseState.open(e.clauseId(), e.heading(), e.category(), e.reviewBy()));
        } else if (event instanceof ClauseFilledIn e) {
            return withClause(clause(e.clauseId()).filledIn(e.serviceLevel(), e.creditPercent()));
        } else if (event instanceof ClauseAmended e) {
            return withClause(clause(e.clauseId()).filledIn(e.serviceLevel(), e.creditPercent()));
        } else if (event instanceof ContractSigned e) {
            Set<Party> signed = EnumSet.of(e.party());
            signed.addAll(signatures);
            return new ContractState(
                    terms,
                    status,
                    Collections.unmodifiableSet(signed),
                    version,
                    clauses,
                    proposals,
                    breaches,
                    ratedPeriods);
        } else if (event instanceof ContractActivated e) {
            return new ContractState(
                    terms, ContractStatus.ACTIVE, signatures, e.version(), clauses, proposals, breaches, ratedPeriods);
        } else if (event instanceof ChangeProposed e) {
            return withProposals(put(proposals, e.clauseId().value(), e));
        } else if (event instanceof ChangeAgreed e) {
            return agreed(e);
        } else if (event instanceof ChangeRejected e) {
            return withProposals(remove(proposals, e.clauseId().value()));
        } else if (event instanceof ReviewBecameDue e) {
            return withClause(clause(e.clauseId()).markedReviewDue());
        } else if (event instanceof BreachRecorded e) {
            Money credit = e.credit() == null ? null : e.credit().credited();
            YearMonth month = YearMonth.from(e.occurredAt().atZone(ZoneOffset.UTC));
            return withBreach(BreachState.recorded(e.breachId(), month, credit));
        } else if (event instanceof CreditWaived e) {
            return updateBreach(e.breachId(), BreachState::waive);
        } else if (event instanceof BreachDisputed e) {
            return updateBreach(e.breachId(), BreachState::disputed);
        } else if (event instanceof DisputeSettlementProposed e) {
            return updateBreach(e.breachId(), b -> b.settlementProposed(e.outcome(), e.proposedBy()));
        } else if (event instanceof DisputeSettled e) {
            return updateBreach(e.breachId(), b -> b.settled(e.outcome()));
        } else if (event instanceof SatisfactionRecorded e) {
            Set<YearMonth> rated = new LinkedHashSet<>(ratedPeriods);
            rated.add(e.period());
            return new ContractState(
                    terms,
                    status,
                    signatures,
                    version,
                    clauses,
                    proposals,
                    breaches,
                    Collections.unmodifiableSet(rated));
        } else if (event instanceof ContractTerminated) {
            return new ContractState(
                    terms, ContractStatus.TERMINATED, signatures, version, clauses, Map.of(), breaches, ratedPeriods);
        }
        throw new IllegalArgumentException("no fold for " + event.type());
    }

    private ContractState agreed(ChangeAgreed e) {
        ChangeProposed change = proposals.get(e.clauseId().value());
        ClauseState before = clauses.get(e.clauseId().value());
        ClauseState after = switch (change.kind()) {
            case ADD_CLAUSE ->
                ClauseState.agreed(
                        change.clauseId(),
                        change.heading(),
                        change.category(),
                        change.serviceLevel(),
                        change.creditPercent());
            case ADD_OPEN_CLAUSE ->
                ClauseState.open(change.clauseId(), change.heading(), change.category(), change.reviewBy());
            case REOPEN -> before.reopened(change.heading(), change.category(), change.reviewBy());
            case FILL_IN, AMEND -> before.filledIn(change.serviceLevel(), change.creditPercent());
        };
        return new ContractState(
                terms,
                status,
                signatures,
                e.contractVersion(),
                put(clauses, after.clauseId().value(), after),
                remove(proposals, e.clauseId().value()),
                breaches,
                ratedPeriods);
    }

    // Queries used by the rules

    boolean exists() {
        return terms != null;
    }

    ClauseState clause(ClauseId id) {
        return clauses.get(id.value());
    }

    boolean hasClause(ClauseId id) {
        return clauses.containsKey(id.value());
    }

    ChangeProposed pendingProposal(ClauseId id) {
        return proposals.get(id.value());
    }

    BreachState breach(BreachId id) {
        return breaches.get(id.value());
    }

    long openClauseCount() {
        return clauses.values().stream().filter(ClauseState::open).count();
    }

    boolean hasSigned(Party party) {
        return signatures.contains(party);
    }

    /** The credits that count towards the cap of one UTC month. */
    Money creditedIn(YearMonth month) {
        Money total = Money.zero(terms.monthlyFee().currency());
        for (BreachState breach : breaches.values()) {
            Money counted = breach.countsTowardsCap();
            if (breach.month().equals(month) && counted != null) {
                total = total.plus(counted);
            }
        }
        return total;
    }

    // Copy helpers: the state is immutable, so every change makes a new value

    private ContractState withClause(ClauseState clause) {
        return new ContractState(
                terms,
                status,
                signatures,
                version,
                put(clauses, clause.clauseId().value(), clause),
                proposals,
                breaches,
                ratedPeriods);
    }

    private ContractState withProposals(Map<String, ChangeProposed> newProposals) {
        return new ContractState(terms, status, signatures, version, clauses, newProposals, breaches, ratedPeriods);
    }

    private ContractState withBreach(BreachState breach) {
        return new ContractState(
                terms,
                status,
                signatures,
                version,
                clauses,
                proposals,
                put(breaches, breach.breachId().value(), breach),
                ratedPeriods);
    }

    private ContractState updateBreach(BreachId id, UnaryOperator<BreachState> change) {
        return withBreach(change.apply(breach(id)));
    }

    private static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
        Map<String, V> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return Collections.unmodifiableMap(copy);
    }

    private static <V> Map<String, V> remove(Map<String, V> map, String key) {
        Map<String, V> copy = new LinkedHashMap<>(map);
        copy.remove(key);
        return Collections.unmodifiableMap(copy);
    }
}
