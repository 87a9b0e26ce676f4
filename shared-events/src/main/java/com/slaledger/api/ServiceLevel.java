package com.slaledger.api;

import java.math.BigDecimal;

/**
 * A measurable promise, for example availability 99.8 % per month or response within 30 minutes. A
 * percentage is better when higher; a time or a count is better when lower.
 */
public record ServiceLevel(Metric metric, BigDecimal target, Unit unit, Window window) {

    public ServiceLevel {
        target = Decimals.plain(target);
    }

    /** Whether a value measured in this level's unit falls short of its target. */
    public boolean isMissedBy(BigDecimal measured) {
        return unit.misses(measured, target);
    }

    public enum Metric {
        AVAILABILITY,
        RESPONSE_TIME,
        RESOLUTION_TIME,
        RECOVERY_TIME,
        CHANGE_SUCCESS_RATE,
        CUSTOMER_SATISFACTION
    }

    public enum Unit {
        PERCENT,
        MINUTES,
        HOURS,
        DAYS,
        COUNT;

        /** A percentage (availability, change success) is better when higher; a time or a count when lower. */
        public boolean higherIsBetter() {
            return this == PERCENT;
        }

        /** Whether {@code value} falls short of {@code target}, both in this unit. */
        public boolean misses(BigDecimal value, BigDecimal target) {
            return higherIsBetter() ? value.compareTo(target) < 0 : value.compareTo(target) > 0;
        }
    }

    public enum Window {
        DAY,
        WEEK,
        MONTH,
        QUARTER,
        YEAR
    }
}
