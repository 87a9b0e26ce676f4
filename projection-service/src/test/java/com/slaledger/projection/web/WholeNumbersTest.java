package com.slaledger.projection.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** A whole-number parameter is read as written, in ASCII digits, or refused. */
class WholeNumbersTest {

    @Property(tries = 3000)
    void anyTextIsReadAsTheNumberItWritesOrRefused(@ForAll String text) {
        boolean written = text.matches("-?[0-9]+") && new BigInteger(text).bitLength() < 64;
        if (written) {
            assertThat(WholeNumbers.parseLong(text)).isEqualTo(new BigInteger(text).longValueExact());
        } else {
            assertThatThrownBy(() -> WholeNumbers.parseLong(text)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property(tries = 1000)
    void everyLongIsReadBack(@ForAll long number) {
        assertThat(WholeNumbers.parseLong(Long.toString(number))).isEqualTo(number);
    }

    @Example
    void whatSpringWouldHaveReadIsRefused() {
        for (String lenient :
                new String[] {"໕", "٣", " 5", "5 ", "+5", "0x10", "#10", "1 0", "", "9223372036854775808"}) {
            assertThatThrownBy(() -> WholeNumbers.parseLong(lenient))
                    .as(lenient)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> WholeNumbers.parseInt("2147483648")).isInstanceOf(IllegalArgumentException.class);
        assertThat(WholeNumbers.parseInt("-12")).isEqualTo(-12);
    }
}
