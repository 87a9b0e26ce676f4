package com.slaledger.projection.scorecard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where a supplier stands against all suppliers, figure by figure: the median of all suppliers'
 * values and this supplier's percentile rank (the share of the other suppliers with a value that it
 * does better than, ties counting half). Only these aggregates leave the service: no other
 * supplier's or client's contract is shown.
 */
public record Standing(int suppliers, List<Figure> figures) {

    /** @param percentile 0 to 100, higher is better; null when no other supplier has a value */
    public record Figure(
            String name,
            boolean higherIsBetter,
            BigDecimal value,
            BigDecimal medianOfAllSuppliers,
            BigDecimal percentile) {}

    static Standing of(Scorecard own, List<Scorecard> all) {
        return new Standing(
                all.size(),
                List.of(
                        figure("shareReachedTwoPointZero", true, own, all, Scorecard::shareReachedTwoPointZero),
                        figure(
                                "medianDaysFromOneToTwo",
                                false,
                                own,
                                all,
                                s -> decimal(s.sla20().medianDaysFromOneToTwo())),
                        figure(
                                "shareOfMonthsAtCap",
                                false,
                                own,
                                all,
                                s -> s.sla20().shareOfMonthsAtCap()),
                        figure("meanSatisfaction", true, own, all, Scorecard::meanSatisfaction)));
    }

    private static Figure figure(
            String name,
            boolean higherIsBetter,
            Scorecard own,
            List<Scorecard> all,
            Function<Scorecard, BigDecimal> of) {
        BigDecimal value = of.apply(own);
        List<BigDecimal> values =
                all.stream().map(of).filter(Objects::nonNull).sorted().toList();
        BigDecimal median = values.isEmpty() ? null : median(values);
        BigDecimal percentile = null;
        List<BigDecimal> others = all.stream()
                .filter(s -> !s.supplierId().equals(own.supplierId()))
                .map(of)
                .filter(Objects::nonNull)
                .toList();
        if (value != null && !others.isEmpty()) {
            double beaten = others.stream()
                    .mapToDouble(v -> {
                        int c = value.compareTo(v);
                        return c == 0 ? 0.5 : (c > 0) == higherIsBetter ? 1 : 0;
                    })
                    .sum();
            percentile = BigDecimal.valueOf(100 * beaten / others.size()).setScale(1, RoundingMode.HALF_EVEN);
        }
        return new Figure(name, higherIsBetter, value, median, percentile);
    }

    private static BigDecimal median(List<BigDecimal> sorted) {
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1
                ? sorted.get(middle)
                : sorted.get(middle - 1)
                        .add(sorted.get(middle))
                        .divide(BigDecimal.valueOf(2), 4, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal decimal(Double value) {
        return value == null ? null : BigDecimal.valueOf(value);
    }
}
