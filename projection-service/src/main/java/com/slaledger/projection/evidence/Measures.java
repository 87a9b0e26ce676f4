package com.slaledger.projection.evidence;

import com.slaledger.api.ServiceLevel;
import java.math.BigDecimal;
import java.util.List;

/**
 * How measured values are compared and summarised. Which way is better is the unit's (a
 * percentage higher, a time or a count lower: {@link ServiceLevel.Unit#misses}, as the service
 * judges a breach). Percentiles are nearest-rank: the p-th percentile of n sorted values is the
 * one at rank ceil(p x n), so every figure is a value that was actually measured.
 */
final class Measures {

    private Measures() {}

    /** The worse of two values in this unit. */
    static BigDecimal worse(ServiceLevel.Unit unit, BigDecimal a, BigDecimal b) {
        return unit.misses(a, b) ? a : b;
    }

    /** Nearest-rank percentile of ascending values; {@code share} in (0, 1]. */
    static BigDecimal nearestRank(List<BigDecimal> ascending, double share) {
        int rank = (int) Math.ceil(share * ascending.size());
        return ascending.get(Math.max(1, Math.min(rank, ascending.size())) - 1);
    }

    /** The metric measured in a unit, where the clause does not say: percent is availability, time is response. */
    static ServiceLevel.Metric metricOf(ServiceLevel.Unit unit) {
        return switch (unit) {
            case PERCENT -> ServiceLevel.Metric.AVAILABILITY;
            case MINUTES, HOURS, DAYS -> ServiceLevel.Metric.RESPONSE_TIME;
            case COUNT -> null;
        };
    }
}
