package com.slaledger.projection.evidence;

import com.slaledger.api.Money;
import com.slaledger.api.UtcCalendar;
import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ContractView;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Service credits a clause's breaches would have earned under another wording, by the credit rules:
 * credit % x monthly fee per breach that counts, in order of occurrence, capped so that the UTC
 * month's credits stay within the at-risk amount. The cap left for this clause is the at-risk
 * amount less what the contract's other clauses counted that month (waived credits count, withdrawn
 * ones do not). Nothing is written: a replay.
 */
final class CreditReplay {

    private CreditReplay() {}

    static YearMonth monthOf(BreachView breach) {
        return UtcCalendar.month(breach.occurredAt());
    }

    /**
     * What each clause's breaches counted towards each month's cap, from one pass over the
     * contract's breaches: the cap left for a clause and what it actually counted are then looked
     * up per month, not counted again over every breach for each month (a contract of 10,000
     * breaches over ten months went through 200,000 of them for one what-if).
     */
    static final class Counted {

        private final ContractView contract;
        private final Map<YearMonth, Map<String, Money>> byMonthAndClause = new HashMap<>();

        Counted(ContractView contract) {
            this.contract = contract;
            for (BreachView b : contract.breaches()) {
                if (b.countsTowardsCap()) {
                    byMonthAndClause
                            .computeIfAbsent(monthOf(b), m -> new HashMap<>())
                            .merge(b.clauseId(), b.credited(), Money::plus);
                }
            }
        }

        /** The at-risk amount less what the other clauses counted towards the month's cap. */
        Money capLeft(String clauseId, YearMonth month) {
            Money others = Money.zero(contract.monthlyFee().currency());
            for (Map.Entry<String, Money> clause :
                    byMonthAndClause.getOrDefault(month, Map.of()).entrySet()) {
                if (!clause.getKey().equals(clauseId)) {
                    others = others.plus(clause.getValue());
                }
            }
            return contract.atRiskAmount().minus(others).atLeastZero();
        }

        /** What this clause's breaches actually counted towards the month's cap. */
        Money actual(String clauseId, YearMonth month) {
            Money zero = Money.zero(contract.monthlyFee().currency());
            Money counted = byMonthAndClause.getOrDefault(month, Map.of()).get(clauseId);
            return counted == null ? zero : zero.plus(counted);
        }
    }

    /** The month's credits for the breaches that count, in order of occurrence, within the cap. */
    static Result replay(
            ContractView contract,
            List<BreachView> month,
            Predicate<BreachView> counts,
            BigDecimal creditPercent,
            Money cap) {
        Money left = cap;
        Money total = Money.zero(contract.monthlyFee().currency());
        boolean capped = false;
        for (BreachView breach : month.stream()
                .sorted(Comparator.comparing(BreachView::occurredAt))
                .toList()) {
            if (!counts.test(breach)) {
                continue;
            }
            Money uncapped = contract.monthlyFee().percent(creditPercent);
            Money credit = uncapped.min(left);
            capped |= uncapped.isGreaterThan(credit);
            total = total.plus(credit);
            left = left.minus(credit);
        }
        return new Result(total, capped);
    }

    record Result(Money credited, boolean capApplied) {}
}
