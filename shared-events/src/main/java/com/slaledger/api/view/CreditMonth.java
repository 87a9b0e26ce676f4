package com.slaledger.api.view;

import com.slaledger.api.Money;
import java.time.YearMonth;

/**
 * One UTC month of service credits. {@code credited} counts towards the {@code cap} (waived credits
 * included, withdrawn ones not); {@code payable} is what the supplier owes: credited minus waived.
 * A withdrawn breach takes its whole credit out of the month, its waiver included, so that
 * {@code waived} never exceeds {@code credited} and {@code payable} never goes below zero.
 */
public record CreditMonth(
        YearMonth month, Money cap, Money credited, Money waived, Money released, boolean capReached) {

    static CreditMonth empty(YearMonth month, Money cap) {
        Money zero = Money.zero(cap.currency());
        return new CreditMonth(month, cap, zero, zero, zero, false);
    }

    public Money payable() {
        return credited.minus(waived);
    }

    CreditMonth credit(Money amount) {
        return with(credited.plus(amount), waived, released);
    }

    CreditMonth waive(Money amount) {
        return with(credited, waived.plus(amount), released);
    }

    /** A withdrawn breach's credit leaves the month; so does its waiver, when the client had waived it. */
    CreditMonth release(Money amount, boolean wasWaived) {
        return with(credited.minus(amount), wasWaived ? waived.minus(amount) : waived, released.plus(amount));
    }

    private CreditMonth with(Money newCredited, Money newWaived, Money newReleased) {
        return new CreditMonth(month, cap, newCredited, newWaived, newReleased, !cap.isGreaterThan(newCredited));
    }
}
