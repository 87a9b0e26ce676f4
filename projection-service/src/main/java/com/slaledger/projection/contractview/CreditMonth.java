package com.slaledger.projection.contractview;

import com.slaledger.api.Money;
import java.time.YearMonth;

/**
 * One UTC month of service credits. {@code credited} counts towards the {@code cap} (waived credits
 * included, withdrawn ones not); {@code payable} is what the supplier owes: credited minus waived.
 */
public record CreditMonth(
        YearMonth month, Money cap, Money credited, Money waived, Money released, boolean capReached) {

    public Money payable() {
        return credited.minus(waived);
    }
}
