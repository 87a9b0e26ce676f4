package com.slaledger.api;

import java.math.BigDecimal;

/**
 * Decimals in their one stored form. A sender may write {@code 1E+4}; the service stores, hashes
 * and shows {@code 10000}. Folding is only done where it is cheap: a number with more integer
 * digits than any field allows is left as it is, and the field's check refuses it.
 */
public final class Decimals {

    private static final int FOLD_LIMIT = 64;

    private Decimals() {}

    public static BigDecimal plain(BigDecimal value) {
        if (value == null || value.scale() >= 0) {
            return value;
        }
        long integerDigits = (long) value.precision() - value.scale();
        return integerDigits <= FOLD_LIMIT ? value.setScale(0) : value;
    }
}
