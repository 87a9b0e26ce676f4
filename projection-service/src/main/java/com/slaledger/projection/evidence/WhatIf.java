package com.slaledger.projection.evidence;

import com.slaledger.api.Measurement;
import com.slaledger.api.Money;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractView;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every recorded breach of one clause replayed against another wording (target, unit, credit %),
 * month by month: which breaches would have counted, the credit within the month's cap, and the
 * difference to what was credited. A breach without a measured value cannot be judged against a
 * target: it counts as it was recorded. A withdrawn breach never counts. Nothing is written.
 */
public record WhatIf(String contractId, String clauseId, Alternative alternative, List<Month> months, Totals totals) {

    public record Alternative(BigDecimal target, ServiceLevel.Unit unit, BigDecimal creditPercent) {}

    public record Month(
            YearMonth month,
            List<Replayed> breaches,
            Money capLeft,
            Money credited,
            boolean capApplied,
            Money actuallyCredited,
            Money difference) {}

    /** One breach: whether it would have counted under the alternative, and why. */
    public record Replayed(String breachId, Instant occurredAt, Measurement measured, boolean counted, String why) {}

    public record Totals(int breaches, int counted, Money credited, Money actuallyCredited, Money difference) {}

    static WhatIf of(ContractView contract, ClauseView clause, Alternative alternative) {
        List<BreachView> breaches = contract.breaches().stream()
                .filter(b -> b.clauseId().equals(clause.clauseId()))
                .sorted(Comparator.comparing(BreachView::occurredAt))
                .toList();
        List<ServiceLevel.Unit> otherUnits = breaches.stream()
                .filter(b -> b.measured() != null && b.measured().unit() != alternative.unit())
                .map(b -> b.measured().unit())
                .distinct()
                .toList();
        if (!otherUnits.isEmpty()) {
            throw new IllegalArgumentException("unit " + alternative.unit() + " does not match the unit of clause "
                    + clause.clauseId() + "'s measurements: " + otherUnits);
        }
        Map<YearMonth, List<BreachView>> byMonth = breaches.stream()
                .collect(Collectors.groupingBy(CreditReplay::monthOf, TreeMap::new, Collectors.toList()));
        Money zero = Money.zero(contract.monthlyFee().currency());
        List<Month> months = new ArrayList<>();
        Money credited = zero;
        Money actual = zero;
        int counted = 0;
        CreditReplay.Counted caps = new CreditReplay.Counted(contract);
        for (Map.Entry<YearMonth, List<BreachView>> month : byMonth.entrySet()) {
            Money capLeft = caps.capLeft(clause.clauseId(), month.getKey());
            CreditReplay.Result result = CreditReplay.replay(
                    contract, month.getValue(), b -> counts(b, alternative), alternative.creditPercent(), capLeft);
            Money actually = caps.actual(clause.clauseId(), month.getKey());
            List<Replayed> replayed = month.getValue().stream()
                    .map(b -> new Replayed(
                            b.breachId(), b.occurredAt(), b.measured(), counts(b, alternative), why(b, alternative)))
                    .toList();
            counted += (int) replayed.stream().filter(Replayed::counted).count();
            months.add(new Month(
                    month.getKey(),
                    replayed,
                    capLeft,
                    result.credited(),
                    result.capApplied(),
                    actually,
                    result.credited().minus(actually)));
            credited = credited.plus(result.credited());
            actual = actual.plus(actually);
        }
        return new WhatIf(
                contract.contractId(),
                clause.clauseId(),
                alternative,
                months,
                new Totals(breaches.size(), counted, credited, actual, credited.minus(actual)));
    }

    private static boolean counts(BreachView breach, Alternative alternative) {
        if (breach.isWithdrawn()) {
            return false;
        }
        return breach.measured() == null
                || alternative.unit().misses(breach.measured().value(), alternative.target());
    }

    private static String why(BreachView breach, Alternative alternative) {
        if (breach.isWithdrawn()) {
            return "withdrawn: never counts";
        }
        if (breach.measured() == null) {
            return "no measured value: counts as recorded";
        }
        return alternative.unit().misses(breach.measured().value(), alternative.target())
                ? "misses the target"
                : "meets the target";
    }
}
