package com.slaledger.projection.evidence;

import com.slaledger.api.BreachTreatment;
import com.slaledger.api.Measurement;
import com.slaledger.api.Money;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.UtcCalendar;
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
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The experience recorded while a clause was open, turned into the numbers the parties fill it in
 * with: the breaches and their measurements, how many fell in each month, the spread of the
 * measured values, and a service level the experience would have met in {@code coverage} of the
 * months, with the credits that level would have produced. For a clause filled in since, the agreed
 * level stands beside the suggestion. A breach both parties settled as withdrawn is not experience
 * (as in the what-if, it never counts), and the notes say how many were left out.
 *
 * @param period from the clause's opening to its filling in (or to the moment asked about)
 * @param unmeasured breaches without a measured value: counted per month, left out of the spread
 *     and of the suggestion
 */
public record ClauseEvidence(
        String contractId,
        String clauseId,
        String heading,
        String state,
        Period period,
        List<Observed> breaches,
        List<MonthCount> perMonth,
        List<Spread> spread,
        int unmeasured,
        List<String> notes,
        Suggestion suggestedServiceLevel,
        Agreed agreed) {

    public record Period(Instant openedAt, Instant until, YearMonth fromMonth, YearMonth toMonth, int months) {}

    public record Observed(String breachId, Instant occurredAt, Measurement measured, String description) {}

    public record MonthCount(YearMonth month, int breaches, int measured) {}

    /** Per unit: how many measured values, and their minimum, median, 90th percentile and maximum. */
    public record Spread(
            ServiceLevel.Unit unit, int values, BigDecimal min, BigDecimal median, BigDecimal p90, BigDecimal max) {}

    /**
     * @param level the suggested level: its target was met in {@code monthsMet} of the
     *     {@code monthsWithMeasurements} months (at least {@code coverage} of them)
     * @param credits what the level would have produced over the period, at {@code creditPercent}
     */
    public record Suggestion(
            ServiceLevel level, BigDecimal coverage, int monthsWithMeasurements, int monthsMet, Credits credits) {}

    public record Credits(BigDecimal creditPercent, Money total, List<MonthCredits> perMonth) {}

    public record MonthCredits(YearMonth month, int breachesCounted, Money credited, boolean capApplied) {}

    /** The clause's level and credit % once filled in; null while it is open. */
    public record Agreed(ServiceLevel serviceLevel, BigDecimal creditPercent, String enteredVersion) {}

    /**
     * @param until the moment the evidence is asked about (now, or {@code knownAt})
     * @param creditPercent for the suggestion's credits; null takes the clause's agreed % if any
     */
    static ClauseEvidence of(
            ContractView contract, ClauseView clause, Instant until, double coverage, BigDecimal creditPercent) {
        List<BreachView> recorded = contract.breaches().stream()
                .filter(b -> b.clauseId().equals(clause.clauseId()) && b.treatment() == BreachTreatment.EXPERIENCE)
                .sorted(Comparator.comparing(BreachView::occurredAt))
                .toList();
        List<BreachView> experience =
                recorded.stream().filter(b -> !b.isWithdrawn()).toList();
        Instant closed = clause.isOpen() || clause.filledInAt() == null ? until : clause.filledInAt();
        YearMonth from = experience.isEmpty()
                ? UtcCalendar.month(clause.openedAt())
                : java.util.Collections.min(
                        List.of(UtcCalendar.month(clause.openedAt()), CreditReplay.monthOf(experience.get(0))));
        YearMonth to = UtcCalendar.month(closed);
        Period period = new Period(
                clause.openedAt(), closed, from, to, (int) (from.until(to, java.time.temporal.ChronoUnit.MONTHS) + 1));

        List<String> notes = new ArrayList<>();
        if (experience.size() < recorded.size()) {
            notes.add((recorded.size() - experience.size())
                    + " breach(es) settled as withdrawn: left out, as both parties agreed they do not count");
        }
        int unmeasured =
                (int) experience.stream().filter(b -> b.measured() == null).count();
        if (unmeasured > 0) {
            notes.add(unmeasured
                    + " breach(es) without a measured value: counted per month, not in the spread or the suggestion");
        }
        Map<ServiceLevel.Unit, List<BigDecimal>> byUnit = experience.stream()
                .filter(b -> b.measured() != null)
                .collect(Collectors.groupingBy(
                        b -> b.measured().unit(),
                        () -> new TreeMap<>(),
                        Collectors.mapping(b -> b.measured().value(), Collectors.toList())));
        List<Spread> spread = byUnit.entrySet().stream()
                .map(e -> spread(e.getKey(), e.getValue()))
                .toList();
        Suggestion suggestion = byUnit.isEmpty()
                ? null
                : suggest(contract, clause, experience, mostMeasured(byUnit), coverage, creditPercent, notes);
        if (suggestion == null && byUnit.isEmpty()) {
            notes.add("no measured values: no level to suggest");
        }
        return new ClauseEvidence(
                contract.contractId(),
                clause.clauseId(),
                clause.heading(),
                clause.state().name(),
                period,
                experience.stream()
                        .map(b -> new Observed(b.breachId(), b.occurredAt(), b.measured(), b.description()))
                        .toList(),
                perMonth(experience),
                spread,
                unmeasured,
                List.copyOf(notes),
                suggestion,
                clause.isOpen()
                        ? null
                        : new Agreed(clause.serviceLevel(), clause.creditPercent(), clause.enteredVersion()));
    }

    private static ServiceLevel.Unit mostMeasured(Map<ServiceLevel.Unit, List<BigDecimal>> byUnit) {
        return byUnit.entrySet().stream()
                .max(Comparator.<Map.Entry<ServiceLevel.Unit, List<BigDecimal>>>comparingInt(
                        e -> e.getValue().size()))
                .orElseThrow()
                .getKey();
    }

    private static Spread spread(ServiceLevel.Unit unit, List<BigDecimal> values) {
        List<BigDecimal> ascending = values.stream().sorted().toList();
        return new Spread(
                unit,
                ascending.size(),
                ascending.get(0),
                Measures.nearestRank(ascending, 0.5),
                Measures.nearestRank(ascending, 0.9),
                ascending.get(ascending.size() - 1));
    }

    private static List<MonthCount> perMonth(List<BreachView> experience) {
        Map<YearMonth, List<BreachView>> months = experience.stream()
                .collect(Collectors.groupingBy(CreditReplay::monthOf, TreeMap::new, Collectors.toList()));
        return months.entrySet().stream()
                .map(e -> new MonthCount(e.getKey(), e.getValue().size(), (int)
                        e.getValue().stream().filter(b -> b.measured() != null).count()))
                .toList();
    }

    /**
     * Per month with measurements, the worst value measured; the suggested target is the best one
     * that at least {@code coverage} of those months met: the nearest-rank quantile of the monthly
     * worsts, counted from the best month. Months without a measurement say nothing, and do not count.
     */
    private static Suggestion suggest(
            ContractView contract,
            ClauseView clause,
            List<BreachView> experience,
            ServiceLevel.Unit unit,
            double coverage,
            BigDecimal creditPercent,
            List<String> notes) {
        Map<YearMonth, BigDecimal> worstPerMonth = experience.stream()
                .filter(b -> b.measured() != null && b.measured().unit() == unit)
                .collect(Collectors.toMap(
                        CreditReplay::monthOf,
                        b -> b.measured().value(),
                        (a, b) -> Measures.worse(unit, a, b),
                        TreeMap::new));
        List<BigDecimal> bestFirst = worstPerMonth.values().stream()
                .sorted(
                        unit.higherIsBetter()
                                ? Comparator.<BigDecimal>reverseOrder()
                                : Comparator.<BigDecimal>naturalOrder())
                .toList();
        BigDecimal target = Measures.nearestRank(bestFirst, coverage);
        int met = (int) bestFirst.stream().filter(v -> !unit.misses(v, target)).count();
        ServiceLevel.Metric metric =
                clause.serviceLevel() != null ? clause.serviceLevel().metric() : Measures.metricOf(unit);
        ServiceLevel level = new ServiceLevel(metric, target, unit, ServiceLevel.Window.MONTH);
        BigDecimal percent = creditPercent != null ? creditPercent : clause.creditPercent();
        Credits credits = null;
        if (percent == null) {
            notes.add("no credit % given and none agreed: pass creditPercent to see the credits of the suggestion");
        } else {
            credits = credits(contract, clause, experience, level, percent);
        }
        return new Suggestion(level, BigDecimal.valueOf(coverage), bestFirst.size(), met, credits);
    }

    private static Credits credits(
            ContractView contract,
            ClauseView clause,
            List<BreachView> experience,
            ServiceLevel level,
            BigDecimal percent) {
        Map<YearMonth, List<BreachView>> months = experience.stream()
                .collect(Collectors.groupingBy(CreditReplay::monthOf, TreeMap::new, Collectors.toList()));
        List<MonthCredits> perMonth = new ArrayList<>();
        Money total = Money.zero(contract.monthlyFee().currency());
        CreditReplay.Counted caps = new CreditReplay.Counted(contract);
        for (Map.Entry<YearMonth, List<BreachView>> month : months.entrySet()) {
            Function<BreachView, Boolean> counts = b -> b.measured() != null
                    && b.measured().unit() == level.unit()
                    && level.isMissedBy(b.measured().value());
            CreditReplay.Result result = CreditReplay.replay(
                    contract,
                    month.getValue(),
                    counts::apply,
                    percent,
                    caps.capLeft(clause.clauseId(), month.getKey()));
            int counted = (int) month.getValue().stream().filter(counts::apply).count();
            perMonth.add(new MonthCredits(month.getKey(), counted, result.credited(), result.capApplied()));
            total = total.plus(result.credited());
        }
        return new Credits(percent, total, perMonth);
    }
}
