package com.slaledger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.api.json.SlaJson;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

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

    @Test
    void idsFollowTheirPattern() {
        assertThat(ContractId.isWellFormed("SLA-ACME_2026.v1")).isTrue();
        assertThatThrownBy(() -> ContractId.of("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContractId.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClauseId.of("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }
}
