package com.slaledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Any amount in any currency Java knows: a fee passes exactly when it is not negative, fits fifteen
 * digits and goes no finer than its currency's minor unit, and the currency has one.
 */
class MoneyLimitsPropertyTest {

    private static final List<Currency> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .sorted(java.util.Comparator.comparing(Currency::getCurrencyCode))
            .toList();

    @Property(tries = 3000)
    void aFeePassesWhenItFitsItsCurrencysMinorUnit(
            @ForAll("currencies") Currency currency,
            @ForAll("unscaled") BigInteger unscaled,
            @ForAll @IntRange(min = 0, max = 5) int scale) {
        BigDecimal amount = new BigDecimal(unscaled, scale);
        List<String> problems = FieldProblems.check()
                .money("fee", new Money(amount, currency), true)
                .problems();

        boolean paidIn = currency.getDefaultFractionDigits() >= 0;
        boolean expected = paidIn
                && amount.signum() >= 0
                && amount.scale() <= currency.getDefaultFractionDigits()
                && amount.precision() <= 15;
        assertThat(problems.isEmpty())
                .as("%s %s: %s", amount, currency, problems)
                .isEqualTo(expected);
        if (!paidIn) {
            assertThat(problems)
                    .containsExactly(
                            "fee.currency " + currency.getCurrencyCode()
                                    + " has no minor unit: it is not a currency a fee is paid in (a fund, metal, test or no-currency code)");
        } else if (amount.scale() > currency.getDefaultFractionDigits()) {
            assertThat(problems)
                    .contains("fee.amount has more decimal places than " + currency.getCurrencyCode() + " has ("
                            + currency.getDefaultFractionDigits() + ")");
        }
        Statistics.collect(expected ? "passes" : paidIn ? "refused amount" : "refused currency");
    }

    @Provide
    Arbitrary<Currency> currencies() {
        return Arbitraries.of(CURRENCIES);
    }

    @Provide
    Arbitrary<BigInteger> unscaled() {
        return Arbitraries.bigIntegers()
                .between(BigInteger.valueOf(-1_000), BigInteger.TEN.pow(16))
                .edgeCases(edges -> edges.add(BigInteger.ZERO));
    }
}
