package com.slaledger.projection.scorecard;

import com.slaledger.api.Money;
import java.math.BigDecimal;
import java.util.List;

/**
 * The reference check the article asks for: how a supplier does across all its clients. Aggregates
 * only; no contract ids or client names of other clients. {@code breaches} are those recorded, less
 * those both parties settled as withdrawn.
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
     * @param clausesOpenPastReviewBy open clauses of running contracts whose review-by date has passed
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
}
