package com.slaledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.command.DraftClause;
import com.slaledger.api.command.RecordBreach;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A target and a measured value are held to one rule, whichever command carries them: not negative,
 * at most 100 in PERCENT, at most four decimals. Checked against the rule written out, for values
 * around its edges and anywhere else.
 */
class MeasurePropertyTest {

    private static final ContractId CONTRACT = ContractId.of("SLA-1");
    private static final ClauseId CLAUSE = ClauseId.of("availability");

    @Property(tries = 2000)
    void aTargetAndAMeasurementAreRefusedExactlyWhenOutsideTheirUnit(
            @ForAll("values") BigDecimal value, @ForAll ServiceLevel.Unit unit) {
        boolean allowed = value.signum() >= 0
                && (unit != ServiceLevel.Unit.PERCENT || value.compareTo(BigDecimal.valueOf(100)) <= 0);

        DraftClause clause = new DraftClause(
                CONTRACT,
                CLAUSE,
                "Availability",
                "text",
                null,
                new ServiceLevel(ServiceLevel.Metric.AVAILABILITY, value, unit, ServiceLevel.Window.MONTH),
                null);
        RecordBreach breach = new RecordBreach(
                CONTRACT,
                BreachId.of("b1"),
                CLAUSE,
                Instant.parse("2026-11-03T02:15:00Z"),
                new Measurement(value, unit),
                "outage");

        assertThat(clause.validate().problems())
                .as("%s %s", value, unit)
                .isEqualTo(allowed ? List.of() : List.of(problem("serviceLevel.target", value)));
        assertThat(breach.validate().problems())
                .as("%s %s", value, unit)
                .isEqualTo(allowed ? List.of() : List.of(problem("measured.value", value)));
    }

    private static String problem(String field, BigDecimal value) {
        return field + (value.signum() < 0 ? " must not be negative" : " must be at most 100 PERCENT");
    }

    @Provide
    Arbitrary<BigDecimal> values() {
        return Arbitraries.oneOf(
                Arbitraries.of("0", "100", "100.0001", "99.9999", "-0.0001", "101", "1000", "-1")
                        .map(BigDecimal::new),
                Arbitraries.bigDecimals()
                        .between(new BigDecimal("-1000"), new BigDecimal("100000"))
                        .ofScale(4));
    }
}
