package com.slaledger.projection.evidence;

import com.slaledger.api.ServiceLevel;
import java.math.BigDecimal;
import java.util.List;

/**
 * How measured values are compared and summarised. A percentage (availability, change success) is
 * better when higher; a time or a count is better when lower. Percentiles are nearest-rank: the
 * p-th percentile of n sorted values is the one at rank ceil(p x n), so every figure is a value
 * that was actually measured.
 */
final class Measures {

    private Measures() {}

    static boolean higherIsBetter(ServiceLevel.Unit unit) {
        return unit == ServiceLevel.Unit.PERCENT;
    }

    /** Whether a measured value falls short of a target in this unit. */
    static boolean violates(ServiceLevel.Unit unit, BigDecimal value, BigDecimal target) {
        return higherIsBetter(unit) ? value.compareTo(target) < 0 : value.compareTo(target) > 0;
    }

    /** The worse of two values in this unit. */
    static BigDecimal worse(ServiceLevel.Unit unit, BigDecimal a, BigDecimal b) {
        return violates(unit, a, b) ? a : b;
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
