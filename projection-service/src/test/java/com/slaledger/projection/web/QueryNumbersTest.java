package com.slaledger.projection.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** A number parameter is read as written, in ASCII, or refused. */
class QueryNumbersTest {

    @Property(tries = 3000)
    void anyTextIsReadAsTheWholeNumberItWritesOrRefused(@ForAll String text) {
        boolean written = text.matches("-?[0-9]+") && new BigInteger(text).bitLength() < 64;
        if (written) {
            assertThat(QueryNumbers.parseLong(text)).isEqualTo(new BigInteger(text).longValueExact());
        } else {
            assertThatThrownBy(() -> QueryNumbers.parseLong(text)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property(tries = 1000)
    void everyLongIsReadBack(@ForAll long number) {
        assertThat(QueryNumbers.parseLong(Long.toString(number))).isEqualTo(number);
    }

    @Property(tries = 1000)
    void everyDecimalAndFiniteDoubleIsReadBack(@ForAll BigDecimal decimal, @ForAll double number) {
        assertThat(QueryNumbers.parseDecimal(decimal.toString())).isEqualTo(decimal);
        if (Double.isFinite(number)) {
            assertThat(QueryNumbers.parseDouble(Double.toString(number))).isEqualTo(number);
        }
    }

    @Property(tries = 3000)
    void textWithAnythingButAsciiDigitsSignsPointsAndExponentsIsNoDecimal(@ForAll String text) {
        if (!text.matches("[-+0-9.eE]*")) {
            assertThatThrownBy(() -> QueryNumbers.parseDecimal(text)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> QueryNumbers.parseDouble(text)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Example
    void whatSpringWouldHaveReadIsRefused() {
        for (String lenient :
                new String[] {"໕", "٣", " 5", "5 ", "+5", "0x10", "#10", "1 0", "", "9223372036854775808"}) {
            assertThatThrownBy(() -> QueryNumbers.parseLong(lenient))
                    .as(lenient)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String lenient : new String[] {"໕", "٣.5", " 5", "+5", "5d", "NaN", "Infinity", "0x1p3", ".5", "5."}) {
            assertThatThrownBy(() -> QueryNumbers.parseDouble(lenient))
                    .as(lenient)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> QueryNumbers.parseDecimal(lenient))
                    .as(lenient)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> QueryNumbers.parseInt("2147483648")).isInstanceOf(IllegalArgumentException.class);
        assertThat(QueryNumbers.parseInt("-12")).isEqualTo(-12);
        assertThat(QueryNumbers.parseDecimal("2.5e-1")).isEqualByComparingTo("0.25");
    }
}
