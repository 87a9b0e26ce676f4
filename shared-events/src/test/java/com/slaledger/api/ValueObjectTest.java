package com.slaledger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.api.json.SlaJson;
import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueObjectTest {

    @Test
    void moneyKeepsTrailingZerosThroughJson() {
        String json = SlaJson.mapper().writeValueAsString(Money.of("1200.50", "EUR"));
        assertThat(json).isEqualTo("{\"amount\":\"1200.50\",\"currency\":\"EUR\"}");
        assertThat(SlaJson.mapper().readValue(json, Money.class)).isEqualTo(Money.of("1200.50", "EUR"));
    }

    @Test
    void percentOfMoneyRoundsHalfEvenToTheCurrencysMinorUnit() {
        assertThat(Money.of("12500.00", "EUR").percent(new BigDecimal("2.5"))).isEqualTo(Money.of("312.50", "EUR"));
        assertThat(Money.of("0.05", "EUR").percent(new BigDecimal("50"))).isEqualTo(Money.of("0.02", "EUR"));
        assertThat(Money.of("1000", "JPY").percent(new BigDecimal("0.15"))).isEqualTo(Money.of("2", "JPY"));
    }

    @Test
    void moneyRefusesToMixCurrencies() {
        assertThatThrownBy(() -> Money.of("1.00", "EUR").plus(Money.of("1.00", "USD")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void versionsParseCompareAndTravelAsText() {
        assertThat(ContractVersion.parse("2.10")).isGreaterThan(ContractVersion.parse("2.9"));
        assertThat(ContractVersion.parse("1.3").nextMajor()).hasToString("2.0");
        assertThat(SlaJson.mapper().writeValueAsString(new ContractVersion(2, 1)))
                .isEqualTo("\"2.1\"");
        assertThatThrownBy(() -> ContractVersion.parse("two")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContractVersion.parse("0.1")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.01",
                "01.0",
                "1.00",
                "+1.0",
                "1.+0",
                "-1.0",
                "1.",
                ".1",
                "1",
                "1.0.0",
                "1..0",
                " 1.0",
                "1.0 ",
                "\u0661.0",
                "1.\u0660",
                "99999999999.0",
                "1.99999999999",
                ""
            })
    void aVersionHasOneSpelling(String text) {
        assertThatThrownBy(() -> ContractVersion.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a version looks like 1.0 or 2.3");
    }

    @Property
    void everyVersionReadsBackFromItsText(@ForAll @IntRange(min = 1) int major, @ForAll @IntRange(min = 0) int minor) {
        ContractVersion version = new ContractVersion(major, minor);
        assertThat(ContractVersion.parse(version.toString())).isEqualTo(version);
    }

    @Property
    void aTextIsReadAsAVersionOnlyWhenItIsThatVersionsSpelling(@ForAll("versionLikeTexts") String text) {
        try {
            assertThat(ContractVersion.parse(text)).hasToString(text);
        } catch (IllegalArgumentException refused) {
            assertThat(refused).hasMessageStartingWith("a version ");
        }
    }

    @Provide
    Arbitrary<String> versionLikeTexts() {
        Arbitrary<String> part = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 30).map(String::valueOf),
                Arbitraries.strings()
                        .withChars("0123456789+-\u0660\u0661\u0e51 ")
                        .ofMinLength(0)
                        .ofMaxLength(12));
        return Combinators.combine(part, Arbitraries.of(".", "..", ""), part).as((a, dot, b) -> a + dot + b);
    }

    @Test
    void idsFollowTheirPattern() {
        assertThat(ContractId.isWellFormed("SLA-ACME_2026.v1")).isTrue();
        assertThatThrownBy(() -> ContractId.of("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContractId.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClauseId.of("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }
}
