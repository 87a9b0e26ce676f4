package com.slaledger.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.BreachId;
import com.slaledger.api.BreachTreatment;
import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Measurement;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.command.AgreeToChange;
import com.slaledger.api.command.AmendClause;
import com.slaledger.api.command.DraftClause;
import com.slaledger.api.command.RecordBreach;
import com.slaledger.api.command.SignContract;
import com.slaledger.api.event.BreachRecorded;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Any agreed service level, amended later or not, and any measured breach of it from before or
 * after the amendment: the breach is refused as {@code UNIT_MISMATCH} when measured in another
 * unit than the level in force when it occurred, as {@code LEVEL_MET} when the value meets that
 * level, and is credited otherwise. The expectation is written from the levels' meaning (a
 * percentage falls short below its target, a time or a count above it), not from the rule's code.
 */
class MeasuredBreachPropertyTest {

    private static final Instant NOW = ContractScenario.NOW;
    private static final Instant AGREED = Instant.parse("2026-12-10T00:00:00Z");
    /** When the contract was drafted, signed and its amendment proposed: before the agreement. */
    private static final Instant SETUP = Instant.parse("2026-12-08T00:00:00Z");

    private static final ClauseId CLAUSE = ClauseId.of("measured");
    private static final AtomicLong IDS = new AtomicLong();
    private static final InMemoryContracts CONTRACTS = new InMemoryContracts().start();

    @AfterContainer
    static void stop() {
        CONTRACTS.stop();
    }

    @Property(tries = 500)
    void aMeasuredBreachIsHeldToTheServiceLevelInForceWhenItOccurred(
            @ForAll("levels") ServiceLevel signed,
            @ForAll("levels") ServiceLevel amendedTo,
            @ForAll boolean amended,
            @ForAll boolean beforeTheAmendment,
            @ForAll("offsets") BigDecimal offset,
            @ForAll boolean sameUnit,
            @ForAll("units") ServiceLevel.Unit otherUnit) {
        ContractId id = ContractId.of("MEASURED-" + IDS.incrementAndGet());
        CONTRACTS.send(Party.CLIENT, ContractScenario.draftContract(id), SETUP);
        CONTRACTS.send(
                Party.CLIENT, new DraftClause(id, CLAUSE, "Level", "as measured", null, signed, BigDecimal.ONE), SETUP);
        CONTRACTS.send(Party.CLIENT, new SignContract(id), SETUP);
        CONTRACTS.send(Party.SUPPLIER, new SignContract(id), SETUP);
        boolean amendmentStored = amended
                && !sameLevel(signed, amendedTo)
                && CONTRACTS.send(
                                Party.SUPPLIER,
                                new AmendClause(id, CLAUSE, "as amended", amendedTo, BigDecimal.ONE, "pinches"),
                                SETUP)
                        == null
                && CONTRACTS.send(Party.CLIENT, new AgreeToChange(id, CLAUSE, null), AGREED) == null;

        Instant occurred = AGREED.plusSeconds(beforeTheAmendment ? -86_400 : 86_400);
        ServiceLevel inForce = amendmentStored && !beforeTheAmendment ? amendedTo : signed;
        ServiceLevel.Unit unit = sameUnit ? inForce.unit() : otherUnit;
        BigDecimal value = inForce.target().add(offset).max(BigDecimal.ZERO);
        if (unit == ServiceLevel.Unit.PERCENT) {
            value = value.min(BigDecimal.valueOf(100));
        }
        RejectionCode answer = CONTRACTS.send(
                Party.CLIENT,
                new RecordBreach(id, BreachId.of("b"), CLAUSE, occurred, new Measurement(value, unit), "measured"),
                NOW);

        RejectionCode expected;
        if (unit != inForce.unit()) {
            expected = RejectionCode.UNIT_MISMATCH;
        } else {
            boolean fallsShort = unit == ServiceLevel.Unit.PERCENT
                    ? value.compareTo(inForce.target()) < 0
                    : value.compareTo(inForce.target()) > 0;
            expected = fallsShort ? null : RejectionCode.LEVEL_MET;
        }
        String story = "%s then %s (amended: %s), %s %s at %s"
                .formatted(signed, amendedTo, amendmentStored, value, unit, occurred);
        assertThat(answer).as(story).isEqualTo(expected);
        List<BreachRecorded> breaches = CONTRACTS.events(id).stream()
                .filter(e -> e.getPayload() instanceof BreachRecorded)
                .map(e -> (BreachRecorded) e.getPayload())
                .toList();
        assertThat(breaches).as(story).hasSize(expected == null ? 1 : 0);
        breaches.forEach(b -> assertThat(b.treatment()).isEqualTo(BreachTreatment.CREDITED));
        Statistics.collect(
                expected == null ? "credited" : expected.name(),
                !amendmentStored
                        ? "signed level"
                        : beforeTheAmendment ? "level before the amendment" : "amended level");
    }

    private static boolean sameLevel(ServiceLevel a, ServiceLevel b) {
        return a.unit() == b.unit() && a.metric() == b.metric() && a.target().compareTo(b.target()) == 0;
    }

    @Provide
    Arbitrary<ServiceLevel> levels() {
        Arbitrary<ServiceLevel> percent = Arbitraries.bigDecimals()
                .between(new BigDecimal("90"), new BigDecimal("99.99"))
                .ofScale(2)
                .map(t -> new ServiceLevel(
                        ServiceLevel.Metric.AVAILABILITY, t, ServiceLevel.Unit.PERCENT, ServiceLevel.Window.MONTH));
        Arbitrary<ServiceLevel> other = Combinators.combine(
                        Arbitraries.of(
                                ServiceLevel.Unit.MINUTES,
                                ServiceLevel.Unit.HOURS,
                                ServiceLevel.Unit.DAYS,
                                ServiceLevel.Unit.COUNT),
                        Arbitraries.integers().between(1, 240))
                .as((u, t) -> new ServiceLevel(
                        ServiceLevel.Metric.RESPONSE_TIME, BigDecimal.valueOf(t), u, ServiceLevel.Window.MONTH));
        return Arbitraries.oneOf(percent, other);
    }

    /** How far the measured value lies from the target, often exactly on it or one step off. */
    @Provide
    Arbitrary<BigDecimal> offsets() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        BigDecimal.ZERO,
                        new BigDecimal("0.00"),
                        new BigDecimal("0.01"),
                        new BigDecimal("-0.01"),
                        BigDecimal.ONE,
                        BigDecimal.ONE.negate()),
                Arbitraries.bigDecimals()
                        .between(new BigDecimal("-50"), new BigDecimal("50"))
                        .ofScale(2));
    }

    @Provide
    Arbitrary<ServiceLevel.Unit> units() {
        return Arbitraries.of(ServiceLevel.Unit.class);
    }
}
