package com.slaledger.projection.scorecard;

import com.slaledger.api.Money;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractView;
import com.slaledger.api.view.CreditMonth;
import com.slaledger.api.view.SatisfactionView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference check the article asks for: how a supplier does across all its clients. Aggregates
 * only; no contract ids or client names of other clients.
 */
public record Scorecard(
        String supplierId,
        String supplierName,
        int contracts,
        int clients,
        int activeContracts,
        int reachedTwoPointZero,
        BigDecimal shareReachedTwoPointZero,
        Double medianDaysOpenToFilledIn,
        int clausesFilledIn,
        int breaches,
        List<Money> credited,
        int satisfactionRatings,
        BigDecimal meanSatisfaction,
        BigDecimal shareWouldRecommend,
        Sla20 sla20,
        Standing standing) {

    /**
     * The seed's last question, "do they have an SLA 2.0?", in numbers.
     *
     * @param medianDaysFromOneToTwo median days from version 1.0 to 2.0 over the contracts that got there
     * @param clausesOpenPastReviewBy open clauses whose review-by date has passed
     * @param shareOfMonthsAtCap of the months with service credits, the share that hit the cap
     */
    public record Sla20(Double medianDaysFromOneToTwo, int clausesOpenPastReviewBy, BigDecimal shareOfMonthsAtCap) {}

    /** The same scorecard with where the supplier stands against all of them. */
    Scorecard standingAmong(List<Scorecard> all) {
        return new Scorecard(
                supplierId,
                supplierName,
                contracts,
                clients,
                activeContracts,
                reachedTwoPointZero,
                shareReachedTwoPointZero,
                medianDaysOpenToFilledIn,
                clausesFilledIn,
                breaches,
                credited,
                satisfactionRatings,
                meanSatisfaction,
                shareWouldRecommend,
                sla20,
                Standing.of(this, all));
    }

    /**
     * @param twoPointZeroAt when each contract reached version 2.0, where it did
     * @param today for review-by dates that have passed
     */
    static Scorecard of(
            String supplierId,
            List<ContractView> views,
            Map<String, java.time.Instant> twoPointZeroAt,
            java.time.LocalDate today) {
        List<ContractView> signed =
                views.stream().filter(v -> v.version() != null).toList();
        int twoPointZero = (int) signed.stream()
                .filter(v -> Integer.parseInt(v.version().split("\\.")[0]) >= 2)
                .count();
        List<Double> days = views.stream()
                .flatMap(v -> v.clauses().stream())
                .filter(c ->
                        c.openedAt() != null && c.filledInAt() != null && c.state() == ClauseView.ClauseState.AGREED)
                .map(c -> Duration.between(c.openedAt(), c.filledInAt()).toSeconds() / 86_400.0)
                .sorted()
                .toList();
        Map<Currency, Money> credited = new TreeMap<>(Comparator.comparing(Currency::getCurrencyCode));
        views.stream()
                .flatMap(v -> v.credits().stream())
                .map(CreditMonth::credited)
                .forEach(m -> credited.merge(m.currency(), m, Money::plus));
        List<SatisfactionView> ratings =
                views.stream().flatMap(v -> v.satisfaction().stream()).toList();
        return new Scorecard(
                supplierId,
                views.isEmpty() ? null : views.get(0).supplierName(),
                views.size(),
                (int) views.stream().map(ContractView::clientId).distinct().count(),
                (int) views.stream()
                        .filter(v -> v.status() == ContractView.ContractStatus.ACTIVE)
                        .count(),
                twoPointZero,
                share(twoPointZero, signed.size()),
                median(days),
                days.size(),
                (int) views.stream().mapToLong(ContractView::breachCount).sum(),
                List.copyOf(credited.values()),
                ratings.size(),
                ratings.isEmpty()
                        ? null
                        : BigDecimal.valueOf(ratings.stream()
                                        .mapToInt(SatisfactionView::score)
                                        .sum())
                                .divide(BigDecimal.valueOf(ratings.size()), 2, RoundingMode.HALF_EVEN),
                share(
                        (int) ratings.stream()
                                .filter(SatisfactionView::wouldRecommend)
                                .count(),
                        ratings.size()),
                sla20(views, twoPointZeroAt, today),
                null);
    }

    private static Sla20 sla20(
            List<ContractView> views, Map<String, java.time.Instant> twoPointZeroAt, java.time.LocalDate today) {
        List<Double> days = views.stream()
                .filter(v -> v.activatedAt() != null && twoPointZeroAt.containsKey(v.contractId()))
                .map(v -> Duration.between(v.activatedAt(), twoPointZeroAt.get(v.contractId()))
                                .toSeconds()
                        / 86_400.0)
                .sorted()
                .toList();
        int overdue = (int) views.stream()
                .flatMap(v -> v.clauses().stream())
                .filter(c -> c.isOpen() && c.reviewBy() != null && c.reviewBy().isBefore(today))
                .count();
        List<CreditMonth> months = views.stream()
                .flatMap(v -> v.credits().stream())
                .filter(m -> m.credited().isPositive())
                .toList();
        return new Sla20(
                median(days),
                overdue,
                share((int) months.stream().filter(CreditMonth::capReached).count(), months.size()));
    }

    private static BigDecimal share(int part, int whole) {
        return whole == 0
                ? null
                : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN);
    }

    private static Double median(List<Double> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        int middle = sorted.size() / 2;
        double median = sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        return Math.round(median * 100) / 100.0;
    }
}
