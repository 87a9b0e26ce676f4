package com.slaledger.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** run-local's ports: a number from 1 to 65535 is taken, and anything else is named, never a stack trace. */
class EnvironmentTest {

    @Property(tries = 1000)
    void aPortIsTakenExactlyWhenItIsANumberFrom1To65535(@ForAll("ports") String text) {
        LocalStack.Environment environment = new LocalStack.Environment(Map.of("SLA_PG_PORT", text));
        Integer number = asPort(text);
        if (number != null) {
            assertThat(environment.port("SLA_PG_PORT", 15432)).isEqualTo(number);
        } else {
            assertThatThrownBy(() -> environment.port("SLA_PG_PORT", 15432))
                    .isInstanceOf(LocalStack.Misconfigured.class)
                    .hasMessageStartingWith("SLA_PG_PORT must be a port number from 1 to 65535, not ");
        }
    }

    @Provide
    Arbitrary<String> ports() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-10, 70_000).map(String::valueOf),
                Arbitraries.strings()
                        .withChars("0123456789 +-.xe")
                        .ofMinLength(1)
                        .ofMaxLength(7),
                Arbitraries.of("08080", "65535", "65536", "99999999999", "１２３"));
    }

    /** The port a text names, read independently of run-local: null when it names none. */
    private static Integer asPort(String text) {
        if (text.isBlank()) {
            return 15432; // unset: the default
        }
        if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        try {
            int port = Integer.parseInt(text);
            return port >= 1 && port <= 65535 ? port : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
