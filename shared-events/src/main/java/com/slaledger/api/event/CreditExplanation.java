package com.slaledger.api.event;

import com.slaledger.api.Money;
import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * Why a breach earned the credit it did: {@code amountBeforeCap = creditPercent × monthlyFee};
 * {@code credited = min(amountBeforeCap, atRiskAmount − creditedBefore)}. The month is the UTC
 * month of the breach's occurrence.
 */
public record CreditExplanation(
        YearMonth month,
        BigDecimal creditPercent,
        Money monthlyFee,
        BigDecimal atRiskPercent,
        Money atRiskAmount,
        Money creditedBefore,
        Money amountBeforeCap,
        Money credited,
        boolean capApplied) {}
