package com.slaledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The input boundary on arbitrary text and decimals: what it lets through is clean, and it is cheap. */
class InputLimitsPropertyTest {

    @Property(tries = 2000)
    void textThatPassesHoldsNoControlCharacterAndNoLoneSurrogate(@ForAll String text, @ForAll boolean freeText) {
        String problem = InputLimits.textProblem(text, 1_000, freeText);
        boolean clean = text.length() <= 1_000
                && text.chars()
                        .noneMatch(
                                c -> (c < 0x20 || (c >= 0x7F && c <= 0x9F)) && !(freeText && (c == '\n' || c == '\t')))
                && wellPaired(text);
        assertThat(problem == null).as("%s -> %s", text, problem).isEqualTo(clean);
    }

    @Property(tries = 2000)
    void decimalsAreJudgedByShapeAloneWhateverTheirExponent(
            @ForAll BigInteger unscaled, @ForAll @IntRange(min = -1_999_999_999, max = 1_999_999_999) int scale) {
        BigDecimal value = new BigDecimal(unscaled, scale);
        String problem = InputLimits.decimalProblem(value, 4);
        if (problem == null) {
            BigDecimal plain = Decimals.plain(value);
            assertThat(plain.scale()).isBetween(0, 4);
            assertThat(plain.precision()).isLessThanOrEqualTo(InputLimits.MAX_DIGITS);
            assertThat(plain.toString()).doesNotContain("E");
        }
    }

    @Property
    void anExponentWrittenNumberFoldsToItsPlainForm(@ForAll @IntRange(min = 0, max = 12) int exponent) {
        BigDecimal written = new BigDecimal("1E+" + exponent);
        assertThat(Decimals.plain(written).toString())
                .isEqualTo(BigInteger.TEN.pow(exponent).toString());
        assertThat(new Money(written, java.util.Currency.getInstance("EUR"))
                        .amount()
                        .toString())
                .doesNotContain("E");
    }

    private static boolean wellPaired(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
