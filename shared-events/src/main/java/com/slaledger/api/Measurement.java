package com.slaledger.api;

import java.math.BigDecimal;

/** What was measured when a breach occurred, for example 97.1 PERCENT availability. */
public record Measurement(BigDecimal value, ServiceLevel.Unit unit) {

    public Measurement {
        value = Decimals.plain(value);
    }
}
