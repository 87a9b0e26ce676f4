package com.slaledger.api;

import java.math.BigDecimal;

/** A measurable promise, for example availability 99.8 % per month or response within 30 minutes. */
public record ServiceLevel(Metric metric, BigDecimal target, Unit unit, Window window) {

    public ServiceLevel {
        target = Decimals.plain(target);
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
        COUNT
    }

    public enum Window {
        DAY,
        WEEK,
        MONTH,
        QUARTER,
        YEAR
    }
}
